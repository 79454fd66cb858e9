package io.herald.cluster;

import io.herald.config.KafkaConfig;
import java.util.Map;
import java.util.Set;

/**
 * A delivery-group member in a child JVM, for {@link DeliveryOwnershipIT}: the test kills it with {@code kill -9},
 * so that it never leaves the group. Prints {@code owned=[...]} on each change. Args: bootstrap servers, topic
 * prefix, node name.
 */
public final class OwnershipMember {
    public static void main(String[] args) throws InterruptedException {
        KafkaConfig kafka = new KafkaConfig(args[0], args[1], Map.of());
        DeliveryOwnership[] self = new DeliveryOwnership[1];
        DeliveryOwnership.Listener print = new DeliveryOwnership.Listener() {
            @Override
            public void gained(Set<Integer> partitions) {
                System.out.println("owned=" + self[0].partitions());
            }

            @Override
            public void lost(Set<Integer> partitions) {
                System.out.println("owned=" + self[0].partitions());
            }
        };
        self[0] = new DeliveryOwnership(kafka, args[2], 1 << 20, print);
        self[0].start();
        Thread.sleep(Long.MAX_VALUE); // until killed
    }
}
