package io.herald.cluster;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.utils.Utils;

/**
 * Which partition of {@code PREFIX.deliveries} (and of {@code PREFIX.delivery-state}) a subscription belongs to:
 * exactly what Kafka's default partitioner gives a record keyed by the subscription id (murmur2 of the key's UTF-8
 * bytes, made positive, modulo the partition count). So the node that owns partition p in the delivery group owns
 * the subscriptions whose records the producer writes to p, with no table to keep in step. Pure.
 */
public final class DeliveryPartitions {
    private DeliveryPartitions() {}

    public static int of(String subscriptionId, int partitions) {
        return Utils.toPositive(Utils.murmur2(subscriptionId.getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    /** With Herald's partition count ({@link ClusterTopics#DELIVERY_PARTITIONS}). */
    public static int of(String subscriptionId) {
        return of(subscriptionId, ClusterTopics.DELIVERY_PARTITIONS);
    }
}
