package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.core.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resume points in {@code PREFIX.delivery-state} (compacted, keyed by subscription id, in the subscription's
 * partition: the same as in {@code PREFIX.deliveries}, so both belong to one owner): {@code {"after": seq}}, every
 * delivery of the subscription for an event up to seq is recorded final ({@link ResumeTracker}).
 *
 * <p>The owner {@link #advance}s points as they move and {@link #flush}es them in one batch (every second or so,
 * and when it loses partitions), never per event: a point written late is only lower than the truth, which costs
 * the next owner a longer look back, never a lost delivery. A new owner {@link #read}s the latest points of its
 * gained partitions before it resumes them. What it then redoes: for each subscription, every event after the
 * point is fanned out again, and for each delivery the replicated delivery log ({@link DeliveryRecords}, applied
 * up to the partition's end first) answers: a final record (succeeded, failed, skipped) means done, not sent again;
 * a pending one resumes its retry schedule where it stood; none means it never got a record (in flight at the
 * crash, or not started) and is sent. So only attempts in flight at the crash are sent twice.
 */
public final class ResumePoints implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResumePoints.class);
    static final Duration WAIT = KafkaClients.CONNECT_TIMEOUT;

    private final String topic;
    private final KafkaProducer<String, byte[]> producer;
    private final DeliveryStateReader reader;
    private final Map<String, Long> pending = new HashMap<>();
    /** deleted subscriptions whose points go at the next flush (tombstones) */
    private final Set<String> removed = new java.util.HashSet<>();

    public ResumePoints(KafkaConfig kafka, String node, long maxBody) {
        this.topic = ClusterTopics.deliveryState(kafka);
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "herald-resume-" + node, maxBody));
        this.reader = new DeliveryStateReader(kafka, "herald-resume-" + node, maxBody);
    }

    /** Notes the points to write at the next {@link #flush}; a later point of one subscription replaces an earlier. */
    public synchronized void advance(Map<String, Long> points) {
        points.forEach((id, after) -> pending.merge(id, after, Math::max));
        removed.removeAll(points.keySet());
    }

    /**
     * Writes the noted points and waits for Kafka's acknowledgement. A point that could not be written is noted
     * again (unless a later one came meanwhile), so that the next flush tries it again.
     * @return how many were written
     */
    public int flush() {
        Map<String, Long> batch;
        Set<String> gone;
        synchronized (this) {
            if (pending.isEmpty() && removed.isEmpty()) return 0;
            batch = new HashMap<>(pending);
            pending.clear();
            gone = Set.copyOf(removed);
            removed.clear();
        }
        List<Future<?>> sent = new ArrayList<>();
        batch.forEach((id, after) -> sent.add(producer.send(new ProducerRecord<>(topic, DeliveryPartitions.of(id), id,
                Json.bytes(Json.MAPPER.createObjectNode().put("after", after))))));
        gone.forEach(id -> sent.add(producer.send(new ProducerRecord<>(topic, DeliveryPartitions.of(id), id, null))));
        try {
            for (Future<?> f : sent) f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return sent.size();
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("resume_points_write_failed topic={} count={} reason=\"{}\" (will write them again)", topic,
                    sent.size(), e.getMessage());
            synchronized (this) {
                batch.forEach((id, after) -> pending.merge(id, after, Math::max));
                gone.stream().filter(id -> !pending.containsKey(id)).forEach(removed::add);
            }
            return 0;
        }
    }

    /**
     * The subscription was deleted: its point goes too (a tombstone, at the next {@link #flush}), so that a
     * namesake made later starts afresh. Never waits for Kafka.
     */
    public synchronized void remove(String subscriptionId) {
        pending.remove(subscriptionId);
        removed.add(subscriptionId);
    }

    /**
     * The latest point of every subscription in these partitions, read to the partitions' ends: what a new owner
     * resumes from. A subscription with none has never been delivered by anyone (resume from its creation).
     * @throws ClusterException when Kafka does not answer within {@code timeout}
     */
    public Map<String, Long> read(Set<Integer> partitions, Duration timeout) {
        // not this object's lock: advance, on the scheduler thread, must never wait for Kafka
        return reader.read(partitions, timeout);
    }

    @Override
    public void close() {
        reader.close();
        producer.close(Duration.ofSeconds(5));
    }
}
