package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Ownership;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivery in cluster mode (CONTRACT 11), wired around the local {@link Dispatcher}: this node delivers the
 * subscriptions of the partitions the group {@code PREFIX.delivery} gives it ({@link DeliveryOwnership}), records
 * attempts through {@link DeliveryRecords}, and writes each owned subscription's resume point
 * ({@link ResumePointsWriter}).
 *
 * <p>This is the dispatcher's {@link Ownership}: a partition counts as owned only once the fan-out thread has put
 * its subscriptions behind their cursors ({@link io.herald.delivery.Handover#gained}), so the live path never delivers a gained
 * subscription before its catch-up exists. A gained partition (at start too: the same path) is resumed after
 * this node applied every delivery record the partition held and read its resume points: each subscription from
 * its point + 1, the delivery log deciding each delivery (final: done; pending: its retry schedule resumed; none:
 * sent). A lost partition stops being owned at once.
 */
public final class ClusterDelivery implements Ownership, DeliveryOwnership.Listener, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterDelivery.class);
    static final Duration APPLY_WAIT = Duration.ofSeconds(20);
    static final Duration POINTS_WAIT = Duration.ofSeconds(10);
    /** the most a node losing partitions waits for their attempts in flight: below Kafka's 5 min poll interval */
    static final Duration LEAVE_WAIT_MAX = Duration.ofMinutes(4);

    private final DeliveryRecords store;
    private final Subscriptions subscriptions;
    private final ResumePoints points;
    private final DeliveryOwnership group;
    /** partitions whose subscriptions the fan-out thread has resumed and not lost since */
    private final Set<Integer> applied = ConcurrentHashMap.newKeySet();
    /** how long a node losing partitions waits for their attempts in flight: an attempt's timeout and a bit */
    private final Duration leaveWait;
    private volatile Dispatcher dispatcher;
    private volatile ResumePointsWriter writer;

    /** @param attemptTimeout delivery.timeout: how long an attempt in flight may still take */
    public ClusterDelivery(KafkaConfig kafka, String node, long maxBody, DeliveryRecords store,
                           Subscriptions subscriptions, Duration attemptTimeout) {
        Duration wait = attemptTimeout.plusSeconds(5);
        this.leaveWait = wait.compareTo(LEAVE_WAIT_MAX) > 0 ? LEAVE_WAIT_MAX : wait;
        this.store = store;
        this.subscriptions = subscriptions;
        this.points = new ResumePoints(kafka, node, maxBody);
        this.group = new DeliveryOwnership(kafka, node, maxBody, this);
    }

    /** After the dispatcher recovered, before it starts: it delivers only what this node owns, and says how far. */
    public void attach(Dispatcher d) {
        this.dispatcher = d;
        d.ownership(this);
        store.onRequeue((entry, reopens) -> {
            if (owns(entry.record().delivery().subscriptionId())) d.requeued(entry, reopens);
        });
        ResumePointsWriter w = new ResumePointsWriter(d.fannedOutTo(), points, this,
                () -> subscriptions.all().stream().map(Subscription::id).toList()).start();
        writer = w;
        d.progress(w);
    }

    /** After the dispatcher started: join the group (partitions come through {@link #gained}). */
    public void start() {
        group.start();
    }

    @Override
    public boolean owns(String subscriptionId) {
        return applied.contains(DeliveryPartitions.of(subscriptionId));
    }

    @Override
    public void gained(Set<Integer> partitions) {
        if (!store.awaitApplied(partitions, APPLY_WAIT)) {
            log.warn("delivery_resume_not_caught_up partitions={} waited_s={} (resuming anyway: deliveries not yet"
                    + " applied here may be sent again)", partitions, APPLY_WAIT.toSeconds());
        }
        Map<String, Long> read;
        try {
            read = points.read(partitions, POINTS_WAIT);
        } catch (ClusterException e) {
            log.warn("delivery_resume_points_unread partitions={} reason=\"{}\" (resuming from each subscription's"
                    + " creation)", partitions, e.getMessage());
            read = Map.of();
        }
        Map<String, Long> known = read;
        dispatcher.handover().gained(() -> applied.addAll(partitions), () -> {
            Map<String, Long> from = new HashMap<>();
            for (Subscription s : subscriptions.all()) {
                if (partitions.contains(DeliveryPartitions.of(s.id()))) from.put(s.id(), known.getOrDefault(s.id(), 0L) + 1);
            }
            return from;
        }, store::recordedThrough);
        // requeued by hand and not final: the points follow fan-out's deliveries only, and may be past these
        var requeued = store.openRequeues(partitions).stream()
                .filter(e -> e.record().delivery().seq() <= known.getOrDefault(e.record().delivery().subscriptionId(), 0L))
                .toList();
        requeued.forEach(e -> dispatcher.requeued(e, true));
        log.info("delivery_partitions_resuming partitions={} points={} requeued={}", partitions, known.size(),
                requeued.size());
    }

    /**
     * Inside the rebalance, before this node rejoins the group (so before any other node gains them): the
     * dispatcher stops the subscriptions of these partitions, drops what waits, lets attempts in flight finish (at
     * most delivery.timeout and 5 s: their records are then in the delivery log, where the next owner looks first), and
     * their resume points are written. A graceful move (a node joining or leaving) thus redoes nothing; only a
     * crash leaves attempts in flight to be sent again.
     */
    @Override
    public void lost(Set<Integer> partitions) {
        Set<Integer> lost = Set.copyOf(partitions);
        java.util.function.Predicate<String> theirs = id -> lost.contains(DeliveryPartitions.of(id));
        long t0 = System.nanoTime();
        try {
            dispatcher.handover().lost(() -> applied.removeAll(lost), theirs).get(leaveWait.toMillis(),
                    java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            applied.removeAll(lost); // fan-out is not running (starting, stopping): nothing may deliver them here
            log.warn("delivery_release_unfinished partitions={} waited_s={} (attempts still in flight may be sent"
                    + " again by the next owner)", lost, leaveWait.toSeconds());
        } catch (InterruptedException e) {
            applied.removeAll(lost);
            Thread.currentThread().interrupt();
        }
        points.flush();
        log.info("delivery_partitions_released partitions={} ms={}", lost, (System.nanoTime() - t0) / 1_000_000);
    }

    /** The partitions whose subscriptions this node delivers now. */
    public Set<Integer> partitions() {
        return new TreeSet<>(applied);
    }

    /** Leaves the group first (the others take over), then writes the last points. Before the dispatcher stops. */
    @Override
    public void close() {
        group.close();
    }

    /**
     * After the dispatcher stopped: the writer's thread, then the points it left, when Kafka is there to take them
     * (else the next owner looks back from the points written before: further, never too far).
     */
    public void closePoints(boolean kafkaThere) {
        ResumePointsWriter w = writer;
        if (w != null) w.close();
        if (kafkaThere) points.flush();
        points.close();
    }
}
