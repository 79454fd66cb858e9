package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
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

/**
 * The API the portal needs beyond CONTRACT 4 (README, "API"): per-minute rates and subscription health, a
 * subscription's recent success rate and last attempt, and the deliveries of one event. Same api key as the rest.
 */
class StatsApiTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        receiver.answer(r -> r.path().equals("/bad")
                ? TestReceiver.Answer.status(500).withBody("database down") : TestReceiver.Answer.status(200));
        herald = Herald.start(dir, """
                delivery:
                  workers: 8
                  timeout: 2s
                  retry-schedule: []
                  jitter: 0
                  allow-networks: ["127.0.0.0/8"]
                subscriptions:
                """ + Herald.subscription("good", receiver.url("/good"), "events: [\"render.*\"]")
                + Herald.subscription("bad", receiver.url("/bad"), "events: [\"render.*\"]")
                + Herald.subscription("files", receiver.url("/files"), "events: [\"file.*\"]")
                + Herald.subscription("paused", receiver.url("/paused"), "enabled: false"));
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    Http http() {
        return herald.http();
    }

    void postAndWait(int n) {
        for (int i = 0; i < n; i++) herald.postEvent("{\"type\": \"render.completed\", \"data\": {\"n\": " + i + "}}");
        Poll.until(DEADLINE, n + " deliveries to each", () -> receiver.requestsTo("/good").size() == n
                && receiver.requestsTo("/bad").size() == n
                && http().get("/api/v1/subscriptions/bad/stats").json().get("recent").get("deliveries").asInt() == n);
    }

    @Test
    void stats_count_this_minutes_events_and_deliveries_and_name_failing_and_disabled_subscriptions() {
        postAndWait(3);
        JsonNode stats = http().get("/api/v1/stats").json();
        JsonNode minutes = stats.get("minutes");
        assertEquals(60, minutes.size());
        long events = 0, delivered = 0, failed = 0;
        for (JsonNode m : minutes) {
            events += m.get("events").asLong();
            delivered += m.get("delivered").asLong();
            failed += m.get("failedAttempts").asLong();
        }
        // every event journaled counts: the 3 posted and the 3 herald.delivery.failed that "bad" caused
        assertEquals(herald.lastSeq(), events);
        assertEquals(6, events);
        assertEquals(3, delivered);
        assertEquals(3, failed);
        assertTrue(minutes.get(0).get("at").asText().compareTo(minutes.get(59).get("at").asText()) < 0, "oldest first");
        assertEquals(0, stats.get("pendingDeliveries").asInt());
        JsonNode subs = stats.get("subscriptions");
        assertEquals(4, subs.get("total").asInt());
        assertEquals(1, subs.get("disabledCount").asInt());
        assertEquals("paused", subs.get("disabled").get(0).get("id").asText());
        assertEquals("manual", subs.get("disabled").get(0).get("disabledReason").asText());
        assertEquals(1, subs.get("failingCount").asInt());
        assertEquals("bad", subs.get("failing").get(0).get("id").asText());
        assertEquals(3, subs.get("failing").get(0).get("consecutiveFailures").asInt());
    }

    @Test
    void a_subscriptions_stats_give_its_last_attempt_and_recent_success_rate() {
        postAndWait(2);
        JsonNode bad = http().get("/api/v1/subscriptions/bad/stats").json();
        assertEquals("bad", bad.get("subscriptionId").asText());
        assertEquals(2, bad.get("consecutiveFailures").asInt());
        assertEquals(500, bad.get("lastAttempt").get("statusCode").asInt());
        assertFalse(bad.get("lastAttempt").get("succeeded").asBoolean());
        assertTrue(bad.get("lastAttempt").get("deliveryId").asText().endsWith("_bad"));
        assertEquals(0.0, bad.get("recent").get("successRate").asDouble());
        JsonNode good = http().get("/api/v1/subscriptions/good/stats").json();
        assertEquals(1.0, good.get("recent").get("successRate").asDouble());
        assertEquals(2, good.get("recent").get("succeeded").asInt());
        assertEquals(200, good.get("lastAttempt").get("statusCode").asInt());
        JsonNode idle = http().get("/api/v1/subscriptions/files/stats").json();
        assertTrue(idle.get("lastAttempt").isNull());
        assertTrue(idle.get("recent").get("successRate").isNull());
        assertEquals(0, idle.get("recent").get("deliveries").asInt());
        assertEquals(404, http().get("/api/v1/subscriptions/nobody/stats").status());
    }

    @Test
    void an_events_deliveries_are_listed_one_per_subscription_it_reached() {
        String id = herald.postEvent("{\"type\": \"render.failed\", \"data\": {}}").get("id").asText();
        Poll.until(DEADLINE, "both deliveries final", () -> {
            JsonNode d = http().get("/api/v1/events/" + id + "/deliveries").json().get("deliveries");
            return d.size() == 3 && d.findValuesAsText("status").stream().noneMatch("pending"::equals);
        });
        JsonNode root = http().get("/api/v1/events/" + id + "/deliveries").json();
        assertEquals(id, root.get("eventId").asText());
        List<String> subs = new ArrayList<>();
        root.get("deliveries").forEach(d -> subs.add(d.get("subscriptionId").asText() + "=" + d.get("status").asText()));
        // the disabled one recorded a skip: nothing sent, nothing lost
        assertEquals(List.of("bad=failed", "good=succeeded", "paused=skipped"), subs);
        JsonNode bad = root.get("deliveries").get(0);
        assertEquals("database down", bad.get("attempts").get(0).get("response").asText());
        assertEquals(404, http().get("/api/v1/events/evt_nope/deliveries").status());
    }

    @Test
    void a_test_events_deliveries_show_only_its_one_subscription() {
        String eventId = http().post("/api/v1/subscriptions/files/test", "").json().get("eventId").asText();
        Poll.until(DEADLINE, "the test delivery", () -> http().get("/api/v1/events/" + eventId + "/deliveries").json()
                .get("deliveries").size() == 1);
        assertEquals("files", http().get("/api/v1/events/" + eventId + "/deliveries").json().get("deliveries").get(0)
                .get("subscriptionId").asText());
    }

    @Test
    void the_new_routes_need_the_api_key_like_every_other() {
        Http anonymous = new Http("http://127.0.0.1:" + herald.app().port(), null);
        Http wrong = new Http("http://127.0.0.1:" + herald.app().port(), "wrong-key");
        for (String path : List.of("/api/v1/stats", "/api/v1/subscriptions/good/stats", "/api/v1/events/x/deliveries")) {
            assertEquals(401, anonymous.get(path).status(), path);
            assertEquals(401, wrong.get(path).status(), path);
        }
    }
}
