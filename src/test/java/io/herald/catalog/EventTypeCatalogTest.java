package io.herald.catalog;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The event-type catalog (CONTRACT 9): config.yaml's event-types, GET /event-types and the typed test event. */
class EventTypeCatalogTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String CATALOG = """
            event-types:
              video_ready:
                description: An Elai video finished rendering.
                example: { _id: "627e1c5ef461482766f35f4a", status: "ready", duration: 3.456 }
              render.completed:
                description: A render finished; download_url is ready.
                example: { id: "550e8400", status: "complete", fps: 30, byte_size: 15728640123456789 }
              file.ready: {}
            """;
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        herald = Herald.start(dir, CATALOG + "subscriptions:\n"
                + Herald.subscription("hooks", receiver.url("/hooks"), "events: [\"nothing.*\"]")
                + Herald.subscription("other", receiver.url("/other"), ""));
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    @Test
    void the_catalog_is_listed_in_name_order_with_descriptions_and_examples() {
        Http.Response r = herald.http().get("/api/v1/event-types");
        assertEquals(200, r.status(), r.body());
        JsonNode types = r.json().get("eventTypes");
        List<String> names = new ArrayList<>();
        types.forEach(t -> names.add(t.get("name").asText()));
        assertEquals(List.of("file.ready", "render.completed", "video_ready"), names);
        JsonNode render = types.get(1);
        assertEquals("A render finished; download_url is ready.", render.get("description").asText());
        assertEquals("complete", render.get("example").get("status").asText());
        // numbers keep their exact value, as in posted events
        assertEquals("15728640123456789", render.get("example").get("byte_size").toString());
        assertEquals("", types.get(0).get("description").asText());
        assertEquals(0, types.get(0).get("example").size());
    }

    @Test
    void the_catalog_needs_the_api_key() {
        Http anonymous = new Http("http://127.0.0.1:" + herald.app().port(), null);
        assertEquals(401, anonymous.get("/api/v1/event-types").status());
    }

    @Test
    void a_typed_test_sends_the_catalog_example_to_that_subscription_only() throws Exception {
        Http.Response r = herald.http().post("/api/v1/subscriptions/hooks/test", "{\"eventType\": \"render.completed\"}");
        assertEquals(202, r.status(), r.body());
        String eventId = r.json().get("eventId").asText();
        TestReceiver.Request got = Poll.value(DEADLINE, "the test delivery",
                () -> receiver.requestsTo("/hooks").isEmpty() ? null : receiver.requestsTo("/hooks").get(0));
        JsonNode body = Json.MAPPER.readTree(got.body());
        assertEquals("render.completed", body.get("type").asText());
        assertEquals("550e8400", body.get("data").get("id").asText());
        assertEquals(30, body.get("data").get("fps").asInt());
        JsonNode stored = herald.http().get("/api/v1/events/" + eventId).json();
        assertEquals("render.completed", stored.get("type").asText());
        // "other" subscribes to everything, yet a test event goes only where it was sent
        herald.postEvent("{\"type\": \"marker.sent\", \"data\": {}}");
        Poll.until(DEADLINE, "the marker at the other subscription", () -> !receiver.requestsTo("/other").isEmpty());
        assertEquals(1, receiver.requestsTo("/other").size());
        assertTrue(receiver.requestsTo("/other").get(0).bodyText().contains("marker.sent"));
    }

    @Test
    void a_type_missing_from_the_catalog_is_a_404_and_sends_nothing() {
        long before = herald.lastSeq();
        Http.Response r = herald.http().post("/api/v1/subscriptions/hooks/test", "{\"eventType\": \"render.nope\"}");
        assertEquals(404, r.status());
        assertEquals("not_found", r.json().get("error").get("code").asText());
        assertTrue(r.json().get("error").get("message").asText().contains("render.nope"));
        assertEquals(before, herald.lastSeq(), "nothing was journaled");
        Http.Response bad = herald.http().post("/api/v1/subscriptions/hooks/test", "{\"eventType\": 7}");
        assertEquals(400, bad.status());
        Http.Response unknown = herald.http().post("/api/v1/subscriptions/hooks/test", "{\"type\": \"render.completed\"}");
        assertEquals(400, unknown.status());
    }

    @Test
    void without_an_event_type_the_test_is_a_webhook_test_as_before() throws Exception {
        assertEquals(202, herald.http().post("/api/v1/subscriptions/hooks/test", "").status());
        assertEquals(202, herald.http().post("/api/v1/subscriptions/hooks/test", "{}").status());
        Poll.until(DEADLINE, "two test deliveries", () -> receiver.requestsTo("/hooks").size() == 2);
        for (TestReceiver.Request req : receiver.requestsTo("/hooks")) {
            assertEquals("webhook.test", Json.MAPPER.readTree(req.body()).get("type").asText());
        }
    }

    @Test
    void an_edited_catalog_is_served_after_the_reload() {
        herald.writeConfig(CATALOG.replace("file.ready: {}", "file.failed:\n    description: gone wrong")
                + "subscriptions:\n" + Herald.subscription("hooks", receiver.url("/hooks"), ""));
        Poll.until(DEADLINE, "the reloaded catalog", () -> herald.http().get("/api/v1/event-types").body()
                .contains("file.failed"));
        assertFalse(herald.http().get("/api/v1/event-types").body().contains("file.ready"));
    }
}
