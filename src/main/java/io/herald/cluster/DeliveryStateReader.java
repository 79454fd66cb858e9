package io.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.config.KafkaConfig;
import io.herald.core.Json;
import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads resume points ({@code {"after": seq}} per subscription id) from {@code PREFIX.delivery-state} to the
 * partitions' ends, by assignment (no group). One consumer, one read at a time (a Kafka consumer is not
 * thread-safe): {@link ResumePoints} reads a gained partition's points with one, {@link RetentionFloor} the whole
 * topic with another, so that neither waits for the other.
 */
final class DeliveryStateReader implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryStateReader.class);

    private final String topic;
    private final KafkaConsumer<String, byte[]> reader;

    DeliveryStateReader(KafkaConfig kafka, String clientId, long maxBody) {
        this.topic = ClusterTopics.deliveryState(kafka);
        this.reader = new KafkaConsumer<>(KafkaClients.reader(kafka, clientId, maxBody));
    }

    String topic() {
        return topic;
    }

    /**
     * The latest point of every subscription in these partitions (a tombstone removes one).
     * @throws ClusterException when the partitions are not read to their ends within {@code timeout}
     */
    synchronized Map<String, Long> read(Collection<Integer> partitions, Duration timeout) {
        List<TopicPartition> tps = partitions.stream().map(p -> new TopicPartition(topic, p)).toList();
        Map<String, Long> out = new HashMap<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            reader.assign(tps);
            reader.seekToBeginning(tps);
            Map<TopicPartition, Long> end = reader.endOffsets(tps, timeout);
            while (tps.stream().anyMatch(tp -> reader.position(tp, timeout) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new ClusterException("Kafka topic " + topic + " not read to its end within "
                            + timeout.toSeconds() + " s");
                }
                for (ConsumerRecord<String, byte[]> r : reader.poll(Duration.ofMillis(100))) apply(r, out);
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new ClusterException("Kafka did not answer reading " + topic + " within " + timeout.toSeconds() + " s", e);
        } finally {
            reader.assign(List.of());
        }
        return out;
    }

    private void apply(ConsumerRecord<String, byte[]> r, Map<String, Long> out) {
        if (r.key() == null) return;
        if (r.value() == null) {
            out.remove(r.key());
            return;
        }
        try {
            JsonNode n = Json.MAPPER.readTree(r.value());
            if (!n.path("after").canConvertToLong()) throw new IOException("no \"after\"");
            out.put(r.key(), n.get("after").asLong());
        } catch (IOException e) {
            log.error("resume_point_unreadable topic={} partition={} offset={} (skipped: the point stays lower)", topic,
                    r.partition(), r.offset());
        }
    }

    /** Makes a read in progress on another thread end at once (with a WakeupException); thread-safe. */
    void wakeup() {
        reader.wakeup();
    }

    /** After any read in progress. */
    @Override
    public synchronized void close() {
        reader.close(Duration.ZERO);
    }
}
