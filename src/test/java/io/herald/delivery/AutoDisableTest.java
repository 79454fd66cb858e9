package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoDisableTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;
    volatile int deadStatus = 500;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        receiver.answer(r -> Answer.status(r.path().equals("/dead") ? deadStatus : 200));
    }

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
        receiver.close();
    }

    void start(String dead) {
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("dead", receiver.url("/dead"), dead)
                + Herald.subscription("ops", receiver.url("/ops"), "events: [\"herald.*\"]"));
    }

    JsonNode opsEvent(String type) {
        return Poll.value(DEADLINE, type + " at the ops subscription", () -> receiver.requestsTo("/ops").stream()
                .map(r -> read(r.bodyText())).filter(b -> b.get("type").asText().equals(type)).findFirst().orElse(null));
    }

    String status(String deliveryId) {
        return herald.http().get("/api/v1/deliveries/" + deliveryId).json().path("status").asText();
    }

    @Test
    void three_consecutive_failures_past_the_period_disable_it_and_then_nothing_more_is_sent_until_enabled() {
        start("""
                retry-schedule: [1s, 1s, 1s, 1s, 1s]
                disable-after: {failures: 3, period: 1s}""");
        Instant since = Instant.now().minusSeconds(1);
        long first = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong();

        JsonNode disabled = opsEvent("herald.subscription.disabled").get("data");
        assertEquals("dead", disabled.get("subscriptionId").asText());
        assertEquals("failures", disabled.get("reason").asText());
        assertEquals(500, disabled.get("lastStatusCode").asInt());
        JsonNode sub = herald.http().get("/api/v1/subscriptions/dead").json();
        assertFalse(sub.get("enabled").asBoolean());
        assertEquals("failures", sub.get("disabledReason").asText());

        // the retry that was due after the third failure finds the subscription disabled and sends nothing
        Poll.until(DEADLINE, "the open delivery to be skipped", () -> status("dlv_" + first + "_dead").equals("skipped"));
        long second = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong();
        Poll.until(DEADLINE, "the next event to be recorded as skipped",
                () -> status("dlv_" + second + "_dead").equals("skipped"));
        assertEquals(3, receiver.requestsTo("/dead").size(), "exactly three attempts, none after the disable");

        deadStatus = 200;
        JsonNode enabled = herald.http().post("/api/v1/subscriptions/dead/enable", "").json();
        assertTrue(enabled.get("enabled").asBoolean());
        long third = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong();
        Poll.until(DEADLINE, "delivery after enable", () -> status("dlv_" + third + "_dead").equals("succeeded"));

        var replay = herald.http().post("/api/v1/subscriptions/dead/replay", "{\"since\": \"" + since + "\"}");
        assertEquals(202, replay.status(), replay.body());
        assertEquals(2, replay.json().get("queued").asInt(), "the two skipped deliveries");
        Poll.until(DEADLINE, "the replayed deliveries", () -> status("dlv_" + first + "_dead").equals("succeeded")
                && status("dlv_" + second + "_dead").equals("succeeded"));
        assertEquals(6, receiver.requestsTo("/dead").size());
    }

    @Test
    void gone_disables_at_once_with_an_ops_event_and_enable_resumes_delivery() {
        deadStatus = 410;
        start("retry-schedule: [50ms, 50ms]");
        long first = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong();
        JsonNode disabled = opsEvent("herald.subscription.disabled").get("data");
        assertEquals("gone", disabled.get("reason").asText());
        assertEquals(410, disabled.get("lastStatusCode").asInt());
        assertEquals("failed", status("dlv_" + first + "_dead"));
        assertEquals(1, receiver.requestsTo("/dead").size());

        deadStatus = 200;
        herald.http().post("/api/v1/subscriptions/dead/enable", "");
        long next = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong();
        Poll.until(DEADLINE, "delivery after enable", () -> status("dlv_" + next + "_dead").equals("succeeded"));
    }

    @Test
    void a_manual_disable_posts_its_ops_event_too() {
        start("");
        herald.http().post("/api/v1/subscriptions/dead/disable", "");
        JsonNode disabled = opsEvent("herald.subscription.disabled").get("data");
        assertEquals("manual", disabled.get("reason").asText());
        assertTrue(disabled.get("lastStatusCode").isNull());
    }

    static JsonNode read(String body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
