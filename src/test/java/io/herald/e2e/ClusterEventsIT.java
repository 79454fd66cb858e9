package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Concurrently;
import io.herald.testing.Http;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import io.herald.testing.SseTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The events path of cluster mode (CONTRACT 11), end to end: three Herald nodes (the built jar, each its own
 * storage.dir and port, the same config otherwise) on one real Kafka broker. One broker start for the class: the
 * tests share the nodes and run in order, the ones that take Kafka or a node away last.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterEventsIT {
    static final Duration DEADLINE = Duration.ofSeconds(40);
    static final String PREFIX = "herald";
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    @TempDir static Path dir;
    static final List<HeraldProcess> nodes = new ArrayList<>();

    @BeforeAll
    static void startNodes() throws Exception {
        for (String name : List.of("a", "b", "c")) {
            nodes.add(HeraldProcess.clusterNode(dir.resolve(name), kafka.bootstrapServers(), PREFIX, "").start());
        }
    }

    @AfterAll
    static void stopNodes() throws Exception {
        for (HeraldProcess n : nodes) n.close();
    }

    static Http http(int node) {
        return new Http(nodes.get(node).base(), HeraldProcess.API_KEY);
    }

    static String event(String resource, int n) {
        return "{\"type\":\"order.updated\",\"resource\":{\"type\":\"order\",\"id\":\"" + resource + "\"},"
                + "\"data\":{\"n\":" + n + "}}";
    }

    /** A resource's events on one node, once it holds {@code count} of them: seq, id and previous of each. */
    static List<String> eventsOf(int node, String resource, int count) {
        return Poll.value(DEADLINE, count + " events of " + resource + " on node " + node, () -> {
            JsonNode list = http(node).get("/api/v1/events?limit=1000&resource=order/" + resource).json().get("events");
            if (list.size() < count) return null;
            List<String> out = new ArrayList<>();
            for (JsonNode e : list) out.add(e.get("seq") + " " + e.get("id") + " " + e.get("previous") + " " + e.get("data"));
            return out;
        });
    }

    static String log(HeraldProcess n) {
        try {
            return Files.readString(n.log);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void assertAllNodesHold(String resource, int count) {
        List<String> first = eventsOf(0, resource, count);
        assertEquals(count, first.size(), first.toString());
        for (int node = 1; node < nodes.size(); node++) assertEquals(first, eventsOf(node, resource, count), "node " + node);
    }

    @Test
    @Order(1)
    void posts_round_robin_get_one_seq_order_and_every_node_lists_the_same_events() {
        long last = 0;
        for (int i = 0; i < 30; i++) {
            Http.Response r = http(i % 3).post("/api/v1/events", event("rr", i));
            assertEquals(202, r.status(), r.body());
            long seq = r.json().get("seq").asLong();
            assertTrue(seq > last, "seq " + seq + " after " + last);
            last = seq;
        }
        assertAllNodesHold("rr", 30);
        List<String> events = eventsOf(1, "rr", 30);
        assertTrue(events.get(0).contains(" {} "), "the first event's previous is {}: " + events.get(0));
        for (int i = 1; i < 30; i++) {
            assertTrue(events.get(i).contains(" {\"n\":" + (i - 1) + "} {\"n\":" + i + "}"), events.get(i));
        }
    }

    @Test
    @Order(2)
    void a_stream_sees_events_posted_on_the_other_nodes_and_resumes_with_last_event_id_on_another()
            throws Exception {
        Map<String, String> auth = Map.of("Authorization", "Bearer " + HeraldProcess.API_KEY);
        List<SseTestClient.Event> seen = new ArrayList<>();
        try (SseTestClient stream = new SseTestClient(nodes.get(0).base() + "/api/v1/stream", auth)) {
            assertEquals(200, stream.status, stream.errorBody);
            for (int i = 0; i < 6; i++) assertEquals(202, http(1 + i % 2).post("/api/v1/events", event("st", i)).status());
            while (seen.size() < 6) {
                SseTestClient.Event e = stream.require(DEADLINE);
                if (e.data().contains("\"st\"")) seen.add(e);
            }
        }
        for (int i = 0; i < 6; i++) {
            JsonNode e = new com.fasterxml.jackson.databind.ObjectMapper().readTree(seen.get(i).data());
            assertEquals(i, e.get("data").get("n").asInt(), "in seq order");
            assertEquals(e.get("seq").asText(), seen.get(i).lastEventId());
            if (i > 0) assertEquals(i - 1, e.get("previous").get("n").asInt());
        }
        Map<String, String> resume = new java.util.HashMap<>(auth);
        resume.put("Last-Event-ID", seen.get(2).lastEventId());
        try (SseTestClient again = new SseTestClient(nodes.get(2).base() + "/api/v1/stream", resume)) {
            for (int i = 3; i < 6; i++) {
                SseTestClient.Event e = again.require(DEADLINE);
                assertEquals(seen.get(i).lastEventId(), e.lastEventId(), "resumed on another node after seq "
                        + seen.get(2).lastEventId());
                assertEquals(seen.get(i).data(), e.data());
            }
        }
    }

    @Test
    @Order(3)
    void a_repeat_on_another_node_answers_200_duplicate_with_the_first_id() {
        Http.Response first = http(0).post("/api/v1/events", "{\"type\":\"a.b\",\"id\":\"pid-1\",\"data\":{}}");
        assertEquals(202, first.status(), first.body());
        Http.Response again = http(1).post("/api/v1/events", "{\"type\":\"a.b\",\"id\":\"pid-1\",\"data\":{\"x\":1}}");
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().get("duplicate").asBoolean());
        assertEquals("pid-1", again.json().get("id").asText());
        assertEquals(first.json().get("seq"), again.json().get("seq"));

        Http.Response keyed = http(0).send(http(0).builder("/api/v1/events").header("Idempotency-Key", "job-7")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
        assertEquals(202, keyed.status(), keyed.body());
        Http.Response keyedAgain = http(2).send(http(2).builder("/api/v1/events").header("Idempotency-Key", "job-7")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
        assertEquals(200, keyedAgain.status(), keyedAgain.body());
        assertEquals(keyed.json().get("id"), keyedAgain.json().get("id"));
    }

    @Test
    @Order(4)
    void a_batch_goes_through_kafka_and_its_repeat_on_another_node_names_the_same_events() {
        String batch = "{\"events\":[" + event("batch", 0) + "," + event("batch", 1) + "," + event("batch", 2) + "]}";
        Http.Response first = http(0).send(http(0).builder("/api/v1/events/batch").header("Idempotency-Key", "b-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch)));
        assertEquals(202, first.status(), first.body());
        Http.Response again = http(1).send(http(1).builder("/api/v1/events/batch").header("Idempotency-Key", "b-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(batch)));
        assertEquals(202, again.status(), again.body());
        for (int i = 0; i < 3; i++) {
            JsonNode a = first.json().get("events").get(i);
            JsonNode b = again.json().get("events").get(i);
            assertEquals(a.get("id"), b.get("id"));
            assertTrue(b.get("duplicate").asBoolean(), b.toString());
        }
        assertAllNodesHold("batch", 3);
    }

    /** Within 2 s of the call's answer (CONTRACT 11); the node that made the change shows it at once. */
    static final Duration VISIBLE = Duration.ofSeconds(2);

    static JsonNode subscriptionOn(int node, String id) {
        Http.Response r = http(node).get("/api/v1/subscriptions/" + id);
        return r.status() == 200 ? r.json() : null;
    }

    static String secretOn(int node, String id) {
        return http(node).get("/api/v1/subscriptions/" + id + "/secret").json().get("secret").asText();
    }

    @Test
    @Order(5)
    void an_api_subscription_created_disabled_and_rotated_on_one_node_is_the_same_on_all_within_2_s() {
        Http.Response create = http(0).post("/api/v1/subscriptions",
                "{\"id\":\"everywhere\",\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"order.*\"]}");
        assertEquals(201, create.status(), create.body());
        assertNotNull(subscriptionOn(0, "everywhere"), "read-your-writes on the node that made it");
        for (int node = 1; node < 3; node++) {
            int n = node;
            Poll.until(VISIBLE, "the subscription on node " + n, () -> subscriptionOn(n, "everywhere") != null);
        }
        String secret = secretOn(0, "everywhere");
        assertEquals(secret, secretOn(1, "everywhere"));
        assertEquals(secret, secretOn(2, "everywhere"));

        Http.Response disable = http(1).post("/api/v1/subscriptions/everywhere/disable", "");
        assertEquals(200, disable.status(), disable.body());
        assertFalse(subscriptionOn(1, "everywhere").get("enabled").asBoolean());
        for (int node : new int[] {0, 2}) {
            Poll.until(VISIBLE, "disabled on node " + node, () -> !subscriptionOn(node, "everywhere").get("enabled")
                    .asBoolean());
        }

        Http.Response rotate = http(2).post("/api/v1/subscriptions/everywhere/secret/rotate", "{}");
        assertEquals(200, rotate.status(), rotate.body());
        String rotated = rotate.json().get("secret").asText();
        assertNotEquals(secret, rotated);
        assertEquals(rotated, secretOn(2, "everywhere"));
        for (int node : new int[] {0, 1}) {
            Poll.until(VISIBLE, "rotated on node " + node, () -> rotated.equals(secretOn(node, "everywhere")));
        }

        assertEquals(204, http(0).delete("/api/v1/subscriptions/everywhere").status());
        for (int node = 0; node < 3; node++) {
            int n = node;
            Poll.until(VISIBLE, "deleted on node " + n, () -> subscriptionOn(n, "everywhere") == null);
        }
        Http.Response anonymous = http(0).send(http(0).anonymous("/api/v1/subscriptions")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertEquals(401, anonymous.status(), "the access check comes first");
    }

    @Test
    @Order(5)
    void a_tenant_token_minted_on_one_node_sees_its_tenants_subscriptions_made_on_another_from_a_third() {
        Http.Response made = http(0).post("/api/v1/subscriptions",
                "{\"id\":\"acme-hook\",\"url\":\"http://127.0.0.1:9/h\",\"events\":[\"order.*\"],\"tenant\":\"acme\"}");
        assertEquals(201, made.status(), made.body());
        String acme = http(1).post("/api/v1/tokens", "{\"tenant\":\"acme\",\"ttl\":\"1h\"}").json().get("token").asText();
        String other = http(1).post("/api/v1/tokens", "{\"tenant\":\"globex\",\"ttl\":\"1h\"}").json().get("token").asText();
        Http asAcme = new Http(nodes.get(2).base(), acme);
        Poll.until(VISIBLE, "acme's subscription listed for acme's token on node 2", () -> asAcme
                .get("/api/v1/subscriptions").json().get("subscriptions").findValuesAsText("id").contains("acme-hook"));
        assertEquals(404, new Http(nodes.get(2).base(), other).get("/api/v1/subscriptions/acme-hook").status(),
                "another tenant's token: as if it did not exist");
        assertEquals(204, http(2).delete("/api/v1/tenants/acme").status(), "the tenant deleted on a third node");
        Poll.until(VISIBLE, "gone for acme's token on node 0", () -> new Http(nodes.get(0).base(), acme)
                .get("/api/v1/subscriptions").json().get("subscriptions").isEmpty());
    }

    @Test
    @Order(6)
    void the_same_id_posted_at_once_on_two_nodes_is_one_event_everywhere() throws Exception {
        for (int round = 0; round < 5; round++) {
            String id = "conc-" + round;
            Map<Integer, Http.Response> answers = new ConcurrentHashMap<>();
            Concurrently.run(2, node -> answers.put(node, http(node).post("/api/v1/events",
                    "{\"type\":\"order.updated\",\"id\":\"" + id + "\",\"resource\":{\"type\":\"order\",\"id\":\""
                            + id + "\"},\"data\":{\"from\":" + node + "}}")));
            List<Integer> statuses = answers.values().stream().map(Http.Response::status).sorted().toList();
            assertEquals(List.of(200, 202), statuses, "one new event and one duplicate: " + answers);
            for (Http.Response r : answers.values()) assertEquals(id, r.json().get("id").asText());
            assertEquals(answers.get(0).json().get("seq"), answers.get(1).json().get("seq"), "the same event");
            assertAllNodesHold(id, 1);
        }
    }

    @Test
    @Order(7)
    void a_node_stopped_and_restarted_catches_up_on_events_and_subscriptions_and_exits_0_on_sigterm() throws Exception {
        HeraldProcess c = nodes.get(2);
        assertEquals(0, c.sigterm(Duration.ofSeconds(30)), c.tail());
        for (int i = 0; i < 10; i++) assertEquals(202, http(i % 2).post("/api/v1/events", event("away", i)).status());
        assertEquals(201, http(0).post("/api/v1/subscriptions",
                "{\"id\":\"made-while-away\",\"url\":\"http://127.0.0.1:9/h\"}").status());
        c.start();
        assertNotNull(subscriptionOn(2, "made-while-away"), "caught up before the port answered");
        assertAllNodesHold("away", 10);
        assertAllNodesHold("rr", 30);
    }

    @Test
    @Order(8)
    void nodes_whose_config_file_subscriptions_differ_log_config_differs_and_say_so_in_health() throws Exception {
        HeraldProcess c = nodes.get(2);
        String before = Files.readString(c.config);
        Files.writeString(c.config, before + "subscriptions:\n  - id: only-on-c\n    url: http://127.0.0.1:9/hook\n"
                + "    secret: " + HeraldProcess.SECRET + "\n");
        String cName = "127.0.0.1:" + c.port;
        Poll.until(DEADLINE, "config_differs in c's log", () -> log(c).contains("config_differs node="));
        Poll.until(DEADLINE, "a's /health naming c", () -> http(0).get("/health").json().get("configDiffers")
                .toString().contains(cName));
        assertEquals(200, http(0).get("/health").status(), "a difference is shown, not a failure");
        Files.writeString(c.config, before);
        Poll.until(DEADLINE, "the difference gone from a's /health", () -> http(0).get("/health").json()
                .get("configDiffers").isEmpty());
    }

    @Test
    @Order(9)
    void kafka_stopped_answers_503_on_ingest_and_health_then_202_when_it_is_back() throws Exception {
        kafka.stop();
        try {
            Poll.until(DEADLINE, "/health 503 naming Kafka", () -> {
                Http.Response h = http(0).get("/health");
                return h.status() == 503 && h.json().get("kafka").asText().contains(kafka.bootstrapServers());
            });
            Http.Response r = http(1).post("/api/v1/events", event("outage", 0));
            assertEquals(503, r.status(), r.body());
            assertEquals("unavailable", r.json().get("error").get("code").asText(), r.body());
            Poll.until(DEADLINE, "node 2 sees Kafka away", () -> http(2).get("/health").status() == 503);
            // within 30 s: before, a send at close waited 60 s for Kafka's metadata, and another after it
            assertEquals(0, nodes.get(2).sigterm(Duration.ofSeconds(30)), "SIGTERM with Kafka away exits 0");
        } finally {
            kafka.start();
        }
        nodes.get(2).start();
        Poll.until(DEADLINE, "a 202 once Kafka is back", () -> http(1).post("/api/v1/events", event("back", 0))
                .status() == 202);
        Poll.until(DEADLINE, "/health 200 again", () -> http(0).get("/health").status() == 200);
        assertAllNodesHold("back", 1);
    }

    @Test
    @Order(10)
    void a_deleted_events_topic_is_named_in_an_error_line_and_in_health() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.deleteTopics(List.of(PREFIX + ".events")).all().get();
        }
        Poll.until(DEADLINE, "the error line", () -> log(nodes.get(0)).contains(
                "kafka_topic_missing topic=" + PREFIX + ".events"));
        Http.Response h = http(0).get("/health");
        assertEquals(503, h.status());
        assertTrue(h.json().get("kafka").asText().contains("is missing"), h.body());
        assertEquals(503, http(1).post("/api/v1/events", event("lost", 0)).status());
    }
}
