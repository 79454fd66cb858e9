package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.delivery.Ownership;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's share of delivery (CONTRACT 11): one member of the consumer group {@code PREFIX.delivery} on
 * {@code PREFIX.deliveries} (classic protocol, 10 s session, cooperative-sticky: {@link KafkaClients}). The node
 * owns the subscriptions whose ids fall in the partitions the group assigns it ({@link DeliveryPartitions}); when a
 * node dies its session ends within 10 s and the group hands its partitions to the others: Kafka's rebalancing is
 * the failover.
 *
 * <p>The member consumes nothing through the group: every node reads all of the topic's partitions by assignment
 * ({@link DeliveryRecords}). Its partitions are paused as they come, and its thread ({@code cluster-delivery-owner})
 * polls only to take part in the group. The {@link Listener} is told on that thread, inside the rebalance: a lost
 * partition before a gained one, so that the old owner stops before the new one resumes (cooperative rebalancing
 * revokes in one round and assigns in the next). {@link #owns} answers from memory on any thread.
 */
public final class DeliveryOwnership implements Ownership, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryOwnership.class);
    private static final Duration POLL = Duration.ofMillis(200);

    /** Hears of partitions gained (the new owner resumes them) and lost (the old owner stops them). */
    public interface Listener {
        void gained(Set<Integer> partitions);

        void lost(Set<Integer> partitions);
    }

    private final String topic;
    private final String node;
    private final Listener listener;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<Integer> owned = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean started;

    public DeliveryOwnership(KafkaConfig kafka, String node, long maxBody, Listener listener) {
        this.topic = ClusterTopics.deliveries(kafka);
        this.node = node;
        this.listener = listener;
        this.consumer = new KafkaConsumer<>(KafkaClients.deliveryMember(kafka, "herald-delivery-" + node, maxBody));
        this.thread = new Thread(this::run, "cluster-delivery-owner");
        thread.setDaemon(true);
    }

    public DeliveryOwnership start() {
        started = true;
        thread.start();
        return this;
    }

    @Override
    public boolean owns(String subscriptionId) {
        return owned.contains(DeliveryPartitions.of(subscriptionId));
    }

    /** The partitions this node owns now, in order. */
    public Set<Integer> partitions() {
        return new TreeSet<>(owned);
    }

    /** The error boundary: a Kafka outage is logged and polling goes on (the group's session decides ownership). */
    private void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    consumer.poll(POLL); // paused: returns nothing, keeps the membership
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("delivery_ownership_poll_failed node={} topic={} reason=\"{}\" (will keep polling)", node,
                            topic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5)); // leaves the group: the others take over at once
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            consumer.pause(partitions);
            Set<Integer> gained = numbers(partitions);
            if (gained.isEmpty()) return;
            owned.addAll(gained);
            log.info("delivery_partitions_gained node={} partitions={} owned={}", node, gained, partitions());
            tell(() -> listener.gained(gained));
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            drop(partitions, "revoked");
        }

        /** Taken away without a revocation (this member's session ended): another node may already deliver them. */
        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            drop(partitions, "lost");
        }

        private void drop(Collection<TopicPartition> partitions, String how) {
            Set<Integer> lost = numbers(partitions);
            if (lost.isEmpty()) return;
            owned.removeAll(lost);
            log.info("delivery_partitions_{} node={} partitions={} owned={}", how, node, lost, partitions());
            tell(() -> listener.lost(lost));
        }
    }

    /** A listener's failure is logged: the membership must go on. */
    private void tell(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.error("delivery_ownership_listener_failed node={}", node, e);
        }
    }

    private static Set<Integer> numbers(Collection<TopicPartition> partitions) {
        Set<Integer> out = new TreeSet<>();
        partitions.forEach(p -> out.add(p.partition()));
        return out;
    }

    /** Leaves the group (the others take over at once) and stops the thread. */
    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(started ? thread : null, consumer, Duration.ofSeconds(10));
    }
}
