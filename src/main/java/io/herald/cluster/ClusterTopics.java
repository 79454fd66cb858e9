package io.herald.cluster;

import io.herald.config.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The topics of cluster mode and why each is shaped so (README "Running a cluster"). Pure: names, partitions and
 * configs from the config, so that a test pins them and the journal step builds on exactly these.
 *
 * <ul>
 *   <li>{@code PREFIX.events}: every event, one record each, in one partition. One partition is one total order:
 *       the event's {@code seq} is its offset + 1, strictly increasing and never reused, and every node derives
 *       {@code previous}, resource state and idempotency from the same order. Deleted by age
 *       ({@code storage.retention}).</li>
 *   <li>{@code PREFIX.deliveries}: attempt outcomes (the delivery log), keyed by subscription id, in
 *       {@link #DELIVERY_PARTITIONS} partitions. The delivery consumer group {@code PREFIX.delivery} subscribes to
 *       it: the node that owns a partition owns the subscriptions whose ids hash to it (Kafka's default
 *       partitioner, murmur2 of the key), so rebalancing is the failover. Deleted by age.</li>
 *   <li>{@code PREFIX.delivery-state}: compacted, one record per subscription (where its delivery has got to, its
 *       pending retries), the same partition count and key, so partition p of both belongs to the same owner.</li>
 *   <li>{@code PREFIX.subscriptions}: compacted, one record per API subscription (a null value deletes it), one
 *       partition so every node applies API changes in one order.</li>
 *   <li>{@code PREFIX.nodes}: compacted, one record per Herald node: its config digest for {@code config_differs}.</li>
 * </ul>
 */
public final class ClusterTopics {
    /** Divides evenly among 1, 2, 3, 4, 6 and 12 nodes; more nodes than this would sit idle for delivery. */
    public static final int DELIVERY_PARTITIONS = 12;
    /** The envelope (id, type, source, tenant, idempotency key, time) and Kafka's record and batch headers. */
    static final long ENVELOPE = 64 * 1024;
    static final Duration LONGEST_SEGMENT = Duration.ofDays(1);
    static final Duration SHORTEST_SEGMENT = Duration.ofSeconds(1);
    static final Duration COMPACTED_SEGMENT = Duration.ofHours(1);

    private ClusterTopics() {}

    public static String events(KafkaConfig k) {
        return k.topicPrefix() + ".events";
    }

    public static String deliveries(KafkaConfig k) {
        return k.topicPrefix() + ".deliveries";
    }

    public static String deliveryState(KafkaConfig k) {
        return k.topicPrefix() + ".delivery-state";
    }

    public static String subscriptions(KafkaConfig k) {
        return k.topicPrefix() + ".subscriptions";
    }

    public static String nodes(KafkaConfig k) {
        return k.topicPrefix() + ".nodes";
    }

    /** The consumer group that shares out delivery. */
    public static String deliveryGroup(KafkaConfig k) {
        return k.topicPrefix() + ".delivery";
    }

    /**
     * The largest record Herald writes: a body of server.max-body, escaped as a JSON string at worst (every byte
     * doubled, as {@code \"}), plus the envelope. GROUND.md: a 1 MB body with its envelope exceeds Kafka's defaults,
     * so both the topic's {@code max.message.bytes} and the producer's {@code max.request.size} are raised to this.
     */
    public static int recordLimit(long maxBody) {
        return (int) Math.min(Integer.MAX_VALUE, 2 * maxBody + ENVELOPE);
    }

    /**
     * Kafka deletes whole segments, and never the one being written (1 GiB by default): a segment rolls at least
     * every quarter of the retention (at most a day, as the local journal's daily cycles), so that what is older
     * than storage.retention goes within a quarter more.
     */
    static Duration segment(Duration retention) {
        Duration quarter = retention.dividedBy(4);
        if (quarter.compareTo(SHORTEST_SEGMENT) < 0) return SHORTEST_SEGMENT;
        return quarter.compareTo(LONGEST_SEGMENT) > 0 ? LONGEST_SEGMENT : quarter;
    }

    /** Every topic Herald needs, as it creates them. */
    public static List<TopicSpec> all(KafkaConfig k, Duration retention, long maxBody) {
        String limit = String.valueOf(recordLimit(maxBody));
        Map<String, String> byAge = Map.of("cleanup.policy", "delete",
                "retention.ms", String.valueOf(retention.toMillis()),
                "segment.ms", String.valueOf(segment(retention).toMillis()),
                "max.message.bytes", limit,
                // the broker's clock, not each node's: one clock for retention, and a time that grows with seq
                "message.timestamp.type", "LogAppendTime");
        Map<String, String> compacted = Map.of("cleanup.policy", "compact",
                "segment.ms", String.valueOf(COMPACTED_SEGMENT.toMillis()),
                "max.message.bytes", limit);
        return List.of(new TopicSpec(events(k), 1, byAge),
                new TopicSpec(deliveries(k), DELIVERY_PARTITIONS, byAge),
                new TopicSpec(deliveryState(k), DELIVERY_PARTITIONS, compacted),
                new TopicSpec(subscriptions(k), 1, compacted),
                new TopicSpec(nodes(k), 1, compacted));
    }
}
