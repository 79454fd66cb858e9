package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The delivery group on a real broker: members split the 12 partitions with no overlap, and the partitions of a
 * member killed outright ({@code kill -9} of its JVM: no leave-group) are taken over by the others within 30 s.
 */
class DeliveryOwnershipIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final Duration TAKEOVER = Duration.ofSeconds(30);
    static final Set<Integer> ALL = new TreeSet<>(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11));

    /** What a listener heard, in order: "+[0, 1]" gained, "-[2]" lost. */
    static final class Heard implements DeliveryOwnership.Listener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void gained(Set<Integer> partitions) {
            events.add("+" + partitions);
        }

        @Override
        public void lost(Set<Integer> partitions) {
            events.add("-" + partitions);
        }
    }

    static KafkaConfig topics(String prefix) {
        KafkaConfig k = new KafkaConfig(kafka.bootstrapServers(), prefix, Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
        return k;
    }

    static boolean disjoint(Set<Integer> a, Set<Integer> b) {
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty();
    }

    @Test
    void two_then_three_members_split_the_twelve_partitions_and_each_subscription_has_exactly_one_owner() {
        KafkaConfig k = topics("split");
        Heard heardA = new Heard();
        try (DeliveryOwnership a = new DeliveryOwnership(k, "node-a", 1 << 20, heardA).start();
             DeliveryOwnership b = new DeliveryOwnership(k, "node-b", 1 << 20, new Heard()).start()) {
            Poll.until(DEADLINE, "a and b to split the partitions", () -> !a.partitions().isEmpty()
                    && !b.partitions().isEmpty() && disjoint(a.partitions(), b.partitions())
                    && union(a, b).equals(ALL));
            try (DeliveryOwnership c = new DeliveryOwnership(k, "node-c", 1 << 20, new Heard()).start()) {
                Poll.until(DEADLINE, "three ways", () -> a.partitions().size() == 4 && b.partitions().size() == 4
                        && c.partitions().size() == 4 && union(a, b, c).equals(ALL));
                for (int i = 0; i < 100; i++) {
                    String id = "sub-" + i;
                    int owners = (a.owns(id) ? 1 : 0) + (b.owns(id) ? 1 : 0) + (c.owns(id) ? 1 : 0);
                    assertEquals(1, owners, id + " has one owner");
                    assertEquals(a.owns(id), a.partitions().contains(DeliveryPartitions.of(id)));
                }
            }
            // c left the group when it closed: its four go to a and b at once
            Poll.until(DEADLINE, "a and b to take c's back", () -> union(a, b).equals(ALL)
                    && disjoint(a.partitions(), b.partitions()));
            assertTrue(heardA.events.stream().anyMatch(e -> e.startsWith("-")), "a heard of partitions it lost: "
                    + heardA.events);
        }
    }

    @Test
    void the_partitions_of_a_member_killed_outright_are_taken_over_within_30_s() throws Exception {
        KafkaConfig k = topics("crash");
        try (DeliveryOwnership a = new DeliveryOwnership(k, "node-a", 1 << 20, new Heard()).start()) {
            Poll.until(DEADLINE, "a to own everything", () -> a.partitions().equals(ALL));
            Process child = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), OwnershipMember.class.getName(),
                    kafka.bootstrapServers(), "crash", "node-b")).redirectErrorStream(true).start();
            try {
                List<String> out = new CopyOnWriteArrayList<>();
                Thread reader = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                            StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) out.add(line);
                    } catch (Exception e) {
                        // the child was killed
                    }
                });
                reader.setDaemon(true);
                reader.start();
                Poll.until(DEADLINE, "the child to own its half", () -> a.partitions().size() == 6
                        && out.stream().anyMatch(l -> l.startsWith("owned=") && l.length() > "owned=[]".length()));
                Set<Integer> childs = new TreeSet<>(ALL);
                childs.removeAll(a.partitions());

                child.destroyForcibly(); // SIGKILL: no leave-group, the broker waits for the session to end
                child.waitFor();
                long t0 = System.nanoTime();
                Poll.until(TAKEOVER, "a to take over the killed member's partitions " + childs,
                        () -> a.partitions().equals(ALL));
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < TAKEOVER.toMillis(), "taken over in " + ms + " ms");
            } finally {
                child.destroyForcibly();
            }
        }
    }

    static Set<Integer> union(DeliveryOwnership... members) {
        Set<Integer> all = new TreeSet<>();
        for (DeliveryOwnership m : members) all.addAll(m.partitions());
        return all;
    }
}
