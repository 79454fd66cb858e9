package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

/** A subscription's partition is the one Kafka's default partitioner writes its records to. */
class DeliveryPartitionsTest {
    @Test
    void a_subscription_falls_in_the_partition_the_default_partitioner_gives_its_id() {
        for (int i = 0; i < 2000; i++) {
            String id = "sub-" + i;
            assertEquals(BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), 12),
                    DeliveryPartitions.of(id), id);
        }
    }

    @Test
    void pinned_values_so_that_a_change_of_hash_cannot_pass_unseen() {
        assertEquals(PINNED_BILLING, DeliveryPartitions.of("billing"));
        assertEquals(PINNED_SEARCH, DeliveryPartitions.of("search-index"));
    }

    @Test
    void ids_spread_over_every_partition() {
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) seen.add(DeliveryPartitions.of("s" + i));
        assertEquals(ClusterTopics.DELIVERY_PARTITIONS, seen.size());
    }

    static final int PINNED_BILLING = 9;
    static final int PINNED_SEARCH = 3;
}
