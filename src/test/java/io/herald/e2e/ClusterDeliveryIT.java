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

    @Test
    void replay_and_retry_asked_of_a_node_that_does_not_own_the_subscription_are_sent_once_by_its_owner()
            throws Exception {
        Poll.until(DEADLINE, "the 12 partitions shared out 4 to each node", () -> owned().stream()
                .allMatch(s -> s.size() == 4));
        String sub = "replayed";
        int owner = java.util.stream.IntStream.range(0, 3)
                .filter(n -> owned().get(n).contains(io.herald.cluster.DeliveryPartitions.of(sub))).findFirst().orElseThrow();
        int other = (owner + 1) % 3;
        Http.Response made = http(owner).post("/api/v1/subscriptions", "{\"id\":\"" + sub + "\",\"url\":\""
                + receiver.url("/" + sub) + "\",\"events\":[\"replay.*\"]}");
        assertEquals(201, made.status(), made.body());
        assertEquals(200, http(owner).post("/api/v1/subscriptions/" + sub + "/disable", "{}").status());
        Poll.until(Duration.ofSeconds(2), "disabled on every node", () -> java.util.stream.IntStream.range(0, 3)
                .allMatch(n -> !http(n).get("/api/v1/subscriptions/" + sub).json().path("enabled").asBoolean(true)));
        java.time.Instant since = java.time.Instant.now().minusSeconds(1);
        for (int i = 0; i < 5; i++) assertEquals(202, http(i % 3).post("/api/v1/events", "{\"type\":\"replay.me\",\"data\":{}}").status());
        Poll.until(DEADLINE, "5 skipped deliveries on the node that will replay", () -> deliveryLog(other, sub).values()
                .stream().filter(v -> v.startsWith("skipped")).count() == 5);
        assertEquals(200, http(other).post("/api/v1/subscriptions/" + sub + "/enable", "{}").status());
        Poll.until(Duration.ofSeconds(2), "enabled on the owner", () -> http(owner).get("/api/v1/subscriptions/" + sub)
                .json().path("enabled").asBoolean(false));

        Http.Response replay = http(other).post("/api/v1/subscriptions/" + sub + "/replay", "{\"since\":\"" + since + "\"}");
        assertEquals(202, replay.status(), replay.body());
        assertEquals(5, replay.json().get("queued").asInt());
        Poll.until(DEADLINE, "the 5 replayed deliveries", () -> distinctIds("/" + sub) == 5);

        Poll.until(DEADLINE, "the replays recorded on the node that will retry", () -> deliveryLog(other, sub).values()
                .stream().filter(v -> v.startsWith("succeeded")).count() == 5);
        int before = receiver.requestsTo("/" + sub).size();
        String deliveryId = http(other).get("/api/v1/subscriptions/" + sub + "/deliveries").json().get("deliveries")
                .get(0).get("id").asText();
        Http.Response retry = http(other).post("/api/v1/deliveries/" + deliveryId + "/retry", "{}");
        assertEquals(202, retry.status(), retry.body());
        Poll.until(DEADLINE, "the retried delivery sent again", () -> receiver.requestsTo("/" + sub).size() == before + 1);
        Poll.until(DEADLINE, "its attempt recorded on every node", () -> java.util.stream.IntStream.range(0, 3)
                .allMatch(n -> deliveryLog(n, sub).values().stream().filter(v -> v.startsWith("succeeded")).count() == 5));
        assertEquals(5 + 1, receiver.requestsTo("/" + sub).size(), "each replay once, the retry once");
        assertEquals(6, successes(owner, sub), "the owner sent them all");
        assertEquals(0, successes(other, sub), "the node asked sent none");
    }

    /** The node's count of successful attempts to the subscription, from its /metrics. */
    static int successes(int node, String sub) {
        return http(node).get("/metrics").body().lines()
                .filter(l -> l.startsWith("herald_delivery_attempts_total{") && l.contains("subscription=\"" + sub + "\"")
                        && l.contains("outcome=\"success\""))
                .mapToInt(l -> (int) Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
