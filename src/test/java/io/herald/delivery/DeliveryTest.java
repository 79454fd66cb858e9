package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
        receiver.close();
    }

    Herald start(String subscriptions) {
        herald = Herald.start(dir, "subscriptions:\n" + subscriptions);
        return herald;
    }

    JsonNode delivery(String id) {
        return herald.http().get("/api/v1/deliveries/" + id).json();
    }

    JsonNode finalDelivery(String id) {
        return Poll.value(DEADLINE, "delivery " + id + " to be final", () -> {
            var r = herald.http().get("/api/v1/deliveries/" + id);
            if (r.status() != 200) return null;
            JsonNode d = r.json();
            return d.get("status").asText().equals("pending") ? null : d;
        });
    }
    /** The delivery once its first attempt is on record. */
    JsonNode afterFirstAttempt(String id) {
        return Poll.value(DEADLINE, "the first attempt of " + id, () -> {
            var r = herald.http().get("/api/v1/deliveries/" + id);
            return r.status() == 200 && r.json().get("attempts").size() == 1 ? r.json() : null;
        });
    }

    @Test
    void a_receiver_that_hangs_until_the_timeout_is_retried_a_full_delay_after_it_not_the_instant_it_times_out() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        receiver.answer(r -> n.getAndIncrement() == 0 ? Answer.hanging() : Answer.status(200));
        start(Herald.subscription("slow", receiver.url("/hook"), "timeout: 1s\nretry-schedule: [1s]"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode waiting = afterFirstAttempt("dlv_1_slow");
        Instant at = Instant.parse(waiting.get("attempts").get(0).get("at").asText());
        Instant next = Instant.parse(waiting.get("nextAttemptAt").asText());
        // CONTRACT 4.3: the delay counts from the end of the attempt (its timeout), not from its start
        assertTrue(!next.isBefore(at.plusSeconds(2)), "attempt at " + at + ", next at " + next);
        Poll.until(DEADLINE, "the retry", () -> receiver.requests().size() == 2);
        List<TestReceiver.Request> got = receiver.requests();
        long gapMs = (got.get(1).receivedAtNanos() - got.get(0).receivedAtNanos()) / 1_000_000;
        assertTrue(gapMs >= 1900, "the retry came " + gapMs + " ms after the first try began (timeout 1 s + delay 1 s)");
        assertEquals("succeeded", finalDelivery("dlv_1_slow").get("status").asText());
    }

    @Test
    void a_receiver_answering_500_500_200_gets_exactly_three_signed_attempts_with_one_webhook_id() throws Exception {
        receiver.answerInTurn(500, 500, 200);
        start(Herald.subscription("s1", receiver.url("/hook"), ""));
        String eventId = herald.postEvent("{\"type\":\"render.completed\",\"data\":{\"id\":\"j1\"}}").get("id").asText();
        JsonNode d = finalDelivery("dlv_1_s1");
        assertEquals("succeeded", d.get("status").asText());
        assertEquals(3, d.get("attempts").size());
        assertEquals(500, d.get("attempts").get(0).get("statusCode").asInt());
        assertEquals(200, d.get("attempts").get(2).get("statusCode").asInt());
        assertTrue(d.get("nextAttemptAt").isNull());
        List<TestReceiver.Request> got = receiver.requests();
        assertEquals(3, got.size());
        var verifier = new com.standardwebhooks.Webhook(Herald.SECRET);
        for (TestReceiver.Request r : got) {
            assertEquals(eventId, r.header("webhook-id"));
            assertEquals("application/json", r.header("content-type"));
            assertTrue(r.header("user-agent").startsWith("Herald/"));
            verifier.verify(r.bodyText(), r.headerLists());
        }
        JsonNode body = herald.http().get("/api/v1/events/" + eventId).json();
        assertEquals("render.completed", com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(got.get(0).body()).get("type").asText());
        assertEquals(body.get("createdAt").asText(), new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(got.get(0).body()).get("timestamp").asText());
    }

    @Test
    void the_svix_format_verifies_with_svix_own_library() throws Exception {
        start(Herald.subscription("sv", receiver.url("/svix"), "format: svix"));
        herald.postEvent("{\"type\":\"file.ready\",\"data\":{\"name\":\"a.mp4\"}}");
        Poll.until(DEADLINE, "a svix delivery", () -> receiver.requests().size() == 1);
        TestReceiver.Request r = receiver.requests().get(0);
        assertNull(r.header("webhook-id"));
        new com.svix.Webhook(Herald.SECRET).verify(r.bodyText(), r.headerLists());
    }

    @Test
    void a_redirect_and_an_answer_slower_than_the_timeout_are_failures_and_exhausted_deliveries_are_failed() {
        receiver.answer(r -> r.path().equals("/redirect")
                ? Answer.status(302).withHeader("Location", receiver.url("/elsewhere"))
                : Answer.status(200).after(Duration.ofSeconds(3)));
        start(Herald.subscription("redir", receiver.url("/redirect"), "retry-schedule: [50ms]")
                + Herald.subscription("slow", receiver.url("/slow"), "retry-schedule: [50ms]\ntimeout: 500ms"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode redir = finalDelivery("dlv_1_redir");
        assertEquals("failed", redir.get("status").asText());
        assertEquals(2, redir.get("attempts").size());
        assertEquals(302, redir.get("attempts").get(1).get("statusCode").asInt());
        assertTrue(receiver.requestsTo("/elsewhere").isEmpty(), "redirects are not followed");
        JsonNode slow = finalDelivery("dlv_1_slow");
        assertEquals("failed", slow.get("status").asText());
        assertTrue(slow.get("attempts").get(0).get("statusCode").isNull());
        assertTrue(slow.get("attempts").get(0).get("error").asText().startsWith("timeout"), slow.toString());
    }

    @Test
    void gone_disables_the_subscription_at_once_and_later_events_are_skipped() {
        receiver.answer(r -> Answer.status(410));
        start(Herald.subscription("gone", receiver.url("/gone"), "retry-schedule: [50ms, 50ms, 50ms]"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode first = finalDelivery("dlv_1_gone");
        assertEquals("failed", first.get("status").asText());
        assertEquals(1, first.get("attempts").size(), "no retry after 410");
        // the attempt is on record a moment before the subscription is disabled (its consequences come after it)
        Poll.until(DEADLINE, "the subscription disabled",
                () -> !herald.http().get("/api/v1/subscriptions/gone").json().get("enabled").asBoolean());
        long seq = herald.postEvent("{\"type\":\"a.b\",\"data\":{}}").get("seq").asLong();
        JsonNode second = finalDelivery("dlv_" + seq + "_gone");
        assertEquals("skipped", second.get("status").asText());
        assertEquals(1, receiver.requests().size());
    }

    @Test
    void retry_after_sets_the_next_delay_within_scheduled_and_twice_scheduled() {
        receiver.answer(r -> Answer.status(429).withHeader("Retry-After", "30"));
        start(Herald.subscription("busy", receiver.url("/busy"), "retry-schedule: [5s]"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode d = afterFirstAttempt("dlv_1_busy");
        Instant at = Instant.parse(d.get("attempts").get(0).get("at").asText());
        Instant next = Instant.parse(d.get("nextAttemptAt").asText());
        // the delay counts from the attempt's end: its start plus its duration (and the moment it took to record)
        long ms = Duration.between(at, next).toMillis() - d.get("attempts").get(0).get("durationMs").asLong();
        assertTrue(ms >= 9_999 && ms <= 10_500, "Retry-After 30s clamped to 2 x 5s, was " + ms + " ms");
    }

    @Test
    void an_attempt_keeps_at_most_4_kb_of_the_response() {
        receiver.answer(r -> Answer.status(500).withBody("e".repeat(10_000)));
        start(Herald.subscription("big", receiver.url("/big"), "retry-schedule: []"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode d = finalDelivery("dlv_1_big");
        assertEquals("failed", d.get("status").asText());
        assertEquals(4096, d.get("attempts").get(0).get("response").asText().length());
    }

    @Test
    void a_401_or_407_without_a_challenge_header_is_recorded_as_that_status_with_its_body_not_a_protocol_violation() {
        receiver.answer(r -> r.path().equals("/a")
                ? Answer.status(401).withBody("{\"error\":\"bad signature\"}")
                : r.path().equals("/b") ? Answer.status(401).withHeader("WWW-Authenticate", "Basic realm=\"x\"").withBody("who?")
                : Answer.status(407).withBody("proxy says no"));
        start(Herald.subscription("a", receiver.url("/a"), "retry-schedule: []")
                + Herald.subscription("b", receiver.url("/b"), "retry-schedule: []")
                + Herald.subscription("c", receiver.url("/c"), "retry-schedule: []"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Map<String, Integer> statuses = Map.of("a", 401, "b", 401, "c", 407);
        Map<String, String> bodies = Map.of("a", "{\"error\":\"bad signature\"}", "b", "who?", "c", "proxy says no");
        for (String sub : List.of("a", "b", "c")) {
            JsonNode attempt = finalDelivery("dlv_1_" + sub).get("attempts").get(0);
            assertEquals(statuses.get(sub), attempt.get("statusCode").asInt(), attempt.toString());
            assertEquals(bodies.get(sub), attempt.get("response").asText(), attempt.toString());
            assertFalse(attempt.get("error").asText("").contains("protocol"), attempt.toString());
        }
        assertEquals(1, receiver.requestsTo("/b").size(), "no second try with credentials");
    }

    @Test
    void an_idempotent_repeat_is_delivered_once() {
        start(Herald.subscription("once", receiver.url("/once"), ""));
        for (int i = 0; i < 3; i++) {
            var r = herald.http().send(herald.http().builder("/api/v1/events").header("Idempotency-Key", "same")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
            assertEquals(i == 0 ? 202 : 200, r.status());
        }
        herald.postEvent("{\"id\":\"prod-1\",\"type\":\"a.b\",\"data\":{}}");
        assertEquals(200, herald.http().post("/api/v1/events", "{\"id\":\"prod-1\",\"type\":\"a.b\",\"data\":{}}").status());
        herald.postEvent("{\"type\":\"marker\",\"data\":{}}");
        // deliveries run concurrently: the marker may arrive before prod-1, so wait for all three events' deliveries
        Poll.until(DEADLINE, "the three events delivered", () -> receiver.requests().size() >= 3
                && herald.http().get("/api/v1/deliveries/dlv_2_once").body().contains("succeeded")
                && herald.http().get("/api/v1/deliveries/dlv_3_once").body().contains("succeeded"));
        assertEquals(3, receiver.requests().size(), "one per distinct event, none for the repeats");
        assertEquals(404, herald.http().get("/api/v1/deliveries/dlv_4_once").status(), "the repeats made no event");
    }

    @Test
    void only_matching_subscriptions_get_an_event_and_herald_types_only_go_to_those_naming_them() {
        start(Herald.subscription("renders", receiver.url("/renders"), "events: [\"render.*\"]")
                + Herald.subscription("all", receiver.url("/all"), ""));
        herald.postEvent("{\"type\":\"render.job.done\",\"data\":{}}");
        herald.postEvent("{\"type\":\"file.ready\",\"data\":{}}");
        Poll.until(DEADLINE, "three deliveries", () -> receiver.requests().size() == 3);
        assertEquals(1, receiver.requestsTo("/renders").size());
        assertEquals(2, receiver.requestsTo("/all").size());
        assertEquals(404, herald.http().get("/api/v1/deliveries/dlv_2_renders").status());
    }
}
