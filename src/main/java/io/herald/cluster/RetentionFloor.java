package io.herald.cluster;

import io.herald.config.KafkaConfig;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How much of its local journal a node must keep in cluster mode so that it can take any subscription over
 * (CONTRACT 11: retention never deletes what a pending delivery still needs). A node that gains a subscription
 * resumes it from its resume point + 1 ({@link ClusterDelivery#gained}) and reads those events from its own local
 * journal, so every node keeps every event from the lowest point + 1 of all subscriptions, whoever owns them: its
 * own dispatcher's keep counts only what it owns.
 *
 * <p>Its thread ({@code cluster-retention-floor}) reads the whole of {@code PREFIX.delivery-state} (compacted: one
 * small record per subscription) every {@link #EVERY}; {@link #keepFromSeq} answers from memory on any thread,
 * against the subscriptions as they are at that moment. Points only move up, so an older read is lower than the
 * truth: it keeps more, never less. Until the first read, and after a read fails until one succeeds, it keeps
 * everything: retention never deletes on a guess.
 */
public final class RetentionFloor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(RetentionFloor.class);
    /** The seq to keep from when nothing may go. */
    public static final long EVERYTHING = 0;
    /** As often as the owners write the points of idle subscriptions ({@link ResumePointsWriter#ALL_EVERY}). */
    static final Duration EVERY = ResumePointsWriter.ALL_EVERY;
    static final Duration WAIT = KafkaClients.CONNECT_TIMEOUT;

    private final DeliveryStateReader reader;
    private final Supplier<Collection<String>> subscriptionIds;
    private final Thread thread;
    private final Object wake = new Object();
    /** the latest points read; null: never read, or the last read failed */
    private volatile Map<String, Long> points;
    /** guarded by this: a failure is logged once, not at every read while Kafka is away */
    private boolean failing;
    private volatile boolean running = true;

    /** @param subscriptionIds the ids of every subscription now (called on whichever thread asks) */
    public RetentionFloor(KafkaConfig kafka, String node, long maxBody, Supplier<Collection<String>> subscriptionIds) {
        this.reader = new DeliveryStateReader(kafka, "herald-retention-" + node, maxBody);
        this.subscriptionIds = subscriptionIds;
        this.thread = new Thread(this::run, "cluster-retention-floor");
        thread.setDaemon(true);
    }

    public RetentionFloor start() {
        thread.start();
        return this;
    }

    /**
     * The oldest seq that some subscription's next owner may still resume from: every event at or after it must
     * stay in the local journal. {@link #EVERYTHING} while the points are unknown or a subscription has none yet;
     * {@link Long#MAX_VALUE} when there is no subscription. From memory.
     */
    public long keepFromSeq() {
        return keepFrom(points, subscriptionIds.get());
    }

    /**
     * Pure: the lowest {@code point + 1} over the subscriptions that exist (a deleted one's point holds nothing
     * back). A subscription with no point yet keeps everything: its next owner resumes it from seq 1, and what
     * "from its creation" means as a seq is known to no node (the subscription has a creation time, the local
     * journal's segments another node's clock); the owner writes a point for every subscription it owns within
     * {@link ResumePointsWriter#ALL_EVERY} of its creation, so this lasts seconds against a retention of hours.
     * @param points null when unknown: keeps everything
     */
    static long keepFrom(Map<String, Long> points, Collection<String> subscriptionIds) {
        if (points == null) return EVERYTHING;
        long keep = Long.MAX_VALUE;
        for (String id : subscriptionIds) {
            Long after = points.get(id);
            if (after == null) return EVERYTHING;
            keep = Math.min(keep, after + 1);
        }
        return keep;
    }

    /**
     * Reads the whole topic now (also for a maintenance round run by hand). A failure forgets the points, so that
     * nothing is deleted until a read succeeds again.
     * @return whether it was read
     */
    public synchronized boolean refresh() {
        try {
            points = Map.copyOf(reader.read(DeliveryRecords.all(), WAIT));
            if (failing) log.info("retention_floor_read topic={} (retention goes on)", reader.topic());
            failing = false;
            return true;
        } catch (WakeupException e) {
            points = null;
            return false;
        } catch (RuntimeException e) {
            points = null;
            if (!failing) {
                log.warn("retention_floor_unread topic={} reason=\"{}\" (the local journal keeps every event until"
                        + " it is read)", reader.topic(), e.getMessage());
            }
            failing = true;
            return false;
        }
    }

    private void run() {
        while (running) {
            refresh();
            synchronized (wake) {
                try {
                    if (running) wake.wait(EVERY.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        reader.wakeup();
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        reader.close();
    }
}
