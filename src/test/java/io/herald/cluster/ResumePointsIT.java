package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Resume points on a real broker: what the owner flushed survives it, and the node that gains its partitions reads
 * the latest point of each of their subscriptions (and of no other partition's) before it resumes.
 */
class ResumePointsIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(60);

    static KafkaConfig topics(String prefix) {
        return topics(kafka, prefix);
    }

    /** Herald's topics under {@code prefix} on {@code broker}, as a node creates them. */
    static KafkaConfig topics(KafkaBroker broker, String prefix) {
        KafkaConfig k = new KafkaConfig(broker.bootstrapServers(), prefix, Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
        return k;
    }

    @Test
    void the_latest_points_of_a_gained_partition_are_read_and_only_those() {
        KafkaConfig k = topics("points");
        try (ResumePoints a = new ResumePoints(k, "node-a", 1 << 20);
             ResumePoints b = new ResumePoints(k, "node-b", 1 << 20)) {
            a.advance(Map.of("billing", 10L, "search-index", 7L));
            assertEquals(2, a.flush());
            a.advance(Map.of("billing", 12L));
            a.advance(Map.of("billing", 11L)); // noted before the flush: the later point stays
            a.advance(Map.of("gone", 3L));
            assertEquals(2, a.flush());
            a.remove("gone");
            assertEquals(1, a.flush(), "the tombstone goes with the next flush");
            assertEquals(0, a.flush(), "nothing noted since");

            int billing = DeliveryPartitions.of("billing");
            int search = DeliveryPartitions.of("search-index");
            int gone = DeliveryPartitions.of("gone");
            assertNotEquals(billing, search);
            assertEquals(Map.of("billing", 12L), b.read(Set.of(billing), DEADLINE));
            Map<String, Long> more = b.read(Set.of(billing, search, gone), DEADLINE);
            assertEquals(Map.of("billing", 12L, "search-index", 7L), more, "the deleted one's tombstone hides it");
        }
    }

    @Test
    void a_new_owner_reads_the_points_its_predecessor_wrote_when_it_gains_their_partitions() {
        KafkaConfig k = topics("takeover");
        List<String> subs = List.of("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9");
        try (ResumePoints pointsB = new ResumePoints(k, "node-b", 1 << 20)) {
            try (ResumePoints pointsA = new ResumePoints(k, "node-a", 1 << 20);
                 DeliveryOwnership a = new DeliveryOwnership(k, "node-a", 1 << 20, new DeliveryOwnershipIT.Heard()).start()) {
                Poll.until(DEADLINE, "node-a to own everything", () -> a.partitions().size() == 12);
                ResumeTracker tracker = new ResumeTracker(0);
                for (int i = 0; i < subs.size(); i++) tracker.opened(subs.get(i), 100 + i);
                tracker.fannedOutTo(200);
                pointsA.advance(tracker.moved(subs));
                pointsA.flush();
            } // node-a stops; node-b comes and gains everything
            Map<String, Long> resumed = new ConcurrentHashMap<>();
            DeliveryOwnership.Listener reads = new DeliveryOwnership.Listener() {
                @Override
                public void gained(Set<Integer> partitions) {
                    resumed.putAll(pointsB.read(partitions, DEADLINE));
                }

                @Override
                public void lost(Set<Integer> partitions) {}
            };
            try (DeliveryOwnership b = new DeliveryOwnership(k, "node-b", 1 << 20, reads).start()) {
                Poll.until(DEADLINE, "node-b to own everything", () -> b.partitions().size() == 12);
                Poll.until(DEADLINE, "node-b to have read the points", () -> resumed.size() == subs.size());
                for (int i = 0; i < subs.size(); i++) assertEquals(99L + i, resumed.get(subs.get(i)), subs.get(i));
            }
        }
    }

    @Test
    void the_writer_sends_the_points_that_moved_of_the_subscriptions_this_node_owns_without_blocking_the_caller() {
        KafkaConfig k = topics("writer");
        try (ResumePoints points = new ResumePoints(k, "node-a", 1 << 20);
             ResumePoints reader = new ResumePoints(k, "node-b", 1 << 20)) {
            ResumePointsWriter w = new ResumePointsWriter(0, points, id -> !id.equals("theirs"), () -> List.of()).start();
            try {
                w.opened("a", 3);
                w.opened("b", 5);
                w.opened("theirs", 2);
                w.fannedOutTo(10);
                w.closed("b", 5);
                w.checkpoint();
                Set<Integer> all = Set.copyOf(DeliveryRecords.all());
                Poll.until(DEADLINE, "a and b written", () -> reader.read(all, DEADLINE).equals(Map.of("a", 2L, "b", 10L)));
                w.closed("a", 3);
                w.fannedOutTo(12);
                w.checkpoint();
                Poll.until(DEADLINE, "a moved on; b, idle, not written again",
                        () -> reader.read(all, DEADLINE).equals(Map.of("a", 12L, "b", 10L)));
            } finally {
                w.close();
            }
        }
    }
}
