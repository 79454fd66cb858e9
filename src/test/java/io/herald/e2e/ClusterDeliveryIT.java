package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Http;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery in cluster mode (CONTRACT 11), steady state: three Herald nodes (the built jar) on one real
 * Kafka broker share the subscriptions out through the delivery group; events posted round-robin to all nodes
 * reach each matching subscription exactly once, and the delivery log answers the same on every node.
 */
class ClusterDeliveryIT {
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final int SUBSCRIPTIONS = 6;
    static final int EVENTS = 60;
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    @TempDir static Path dir;
    static ClusterNodes cluster;
    static List<HeraldProcess> nodes;
    static TestReceiver receiver;

    @BeforeAll
    static void startNodes() throws Exception {
        cluster = new ClusterNodes(dir, kafka.bootstrapServers());
        nodes = cluster.nodes;
        receiver = cluster.receiver;
    }

    @AfterAll
    static void stopNodes() throws Exception {
        if (cluster != null) cluster.close();
    }

    static Http http(int node) {
        return cluster.http(node);
    }

    static List<TreeSet<Integer>> owned() {
        return cluster.owned();
    }

    static String ownershipLines() {
        return cluster.ownershipLines();
    }

    static Map<String, String> deliveryLog(int node, String sub) {
        return cluster.deliveryLog(node, sub);
    }

    static long distinctIds(String path) {
        return receiver.requestsTo(path).stream().map(r -> r.header("webhook-id")).distinct().count();
    }

    @Test
    void events_posted_round_robin_are_delivered_once_to_each_subscription_and_every_node_logs_the_same()
            throws Exception {
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            Http.Response r = http(i % 3).post("/api/v1/subscriptions", "{\"id\":\"d" + i + "\",\"url\":\""
                    + receiver.url("/d" + i) + "\",\"events\":[\"order.*\"]}");
            assertEquals(201, r.status(), r.body());
        }
        // steady state: the group's last rebalance done (cooperative-sticky ends at 4 partitions a node)
        Poll.until(DEADLINE, "the 12 partitions shared out 4 to each node", () -> owned().stream()
                .allMatch(s -> s.size() == 4));
        for (int node = 0; node < 3; node++) {
            assertEquals("running", http(node).get("/health").json().get("deliveries").asText());
        }
        for (int i = 0; i < EVENTS; i++) {
            Http.Response r = http(i % 3).post("/api/v1/events", "{\"type\":\"order.updated\",\"data\":{\"n\":" + i + "}}");
            assertEquals(202, r.status(), r.body());
        }
        assertEquals(202, http(0).post("/api/v1/events", "{\"type\":\"invoice.paid\",\"data\":{}}").status(),
                "a type no subscription takes");
        try {
            Poll.until(DEADLINE, EVENTS + " deliveries to each of " + SUBSCRIPTIONS + " subscriptions", () -> {
                // distinct webhook-ids, not requests: a retried attempt counts once (counting requests ended the
                // wait while two events of d1 were still on their retry, and the check below then saw 58 of 60)
                for (int i = 0; i < SUBSCRIPTIONS; i++) if (distinctIds("/d" + i) < EVENTS) return false;
                return true;
            });
        } catch (AssertionError e) {
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < SUBSCRIPTIONS; i++) counts.add(distinctIds("/d" + i));
            throw new AssertionError(e.getMessage() + ": received " + counts + "\n" + ownershipLines(), e);
        }
        for (int i = 0; i < SUBSCRIPTIONS; i++) {
            String sub = "d" + i;
            List<TestReceiver.Request> got = receiver.requestsTo("/" + sub);
            long distinct = got.stream().map(r -> r.header("webhook-id")).distinct().count();
            assertEquals(EVENTS, distinct, sub + ": every event once");
            Map<String, String> first = Poll.value(DEADLINE, sub + "'s delivery log complete on node 0", () -> {
                Map<String, String> l = deliveryLog(0, sub);
                return l.size() == EVENTS && l.values().stream().allMatch(v -> v.startsWith("succeeded")) ? l : null;
            });
            // an attempt the receiver did not answer in time (this busy machine) is retried, and recorded: each
            // delivery's requests are at most its recorded attempts (no node sends one unrecorded), and every attempt
            // before the last failed
            List<TestReceiver.Request> all = receiver.requestsTo("/" + sub); // retries included, now all recorded
            Map<String, Integer> requests = new HashMap<>();
            all.forEach(r -> requests.merge(r.header("webhook-id"), 1, Integer::sum));
            for (Map.Entry<String, String> e : first.entrySet()) {
                String v = e.getValue();
                String[] attempts = v.split(" ");
                int received = requests.getOrDefault(e.getKey(), 0);
                assertTrue(received >= 1 && received <= attempts.length - 1, () -> sub + " " + e.getKey() + ": "
                        + received + " requests, recorded attempts " + v + "\n" + ownershipLines());
                for (int a = 1; a < attempts.length - 1; a++) assertNotEquals("200", attempts[a], sub + " sent again after a 200: " + v);
                assertEquals("200", attempts[attempts.length - 1], v);
            }
            for (int node = 1; node < 3; node++) {
                int n = node;
                Poll.until(DEADLINE, sub + "'s delivery log the same on node " + n,
                        () -> first.equals(deliveryLog(n, sub)));
            }
        }
        long deliveringNodes = nodes.stream().filter(n -> ClusterNodes.lines(n).stream()
                .anyMatch(l -> l.contains("delivery_partitions_resuming"))).count();
        assertEquals(3, deliveringNodes, "every node delivers its share");
    }
}
