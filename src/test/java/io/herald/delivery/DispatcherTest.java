package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.SettableClock;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher on a clock the test moves: retries, Retry-After and auto-disable happen when the clock says, and
 * not a moment before, with no real waiting (the in-process app, a real receiver, a real journal).
 */
class DispatcherTest extends WithReceiver {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    final SettableClock clock = new SettableClock(T0);

    void start(String subscriptions) {
        herald = Herald.start(dir, subscriptions, clock);
    }

    Dispatcher dispatcher() {
        return herald.app().dispatcher();
    }

    /** Moves the clock and waits until the scheduler has run two full rounds since: it has seen the new time. */
    void advance(Duration d) {
        clock.advance(d);
        long seen = dispatcher().rounds();
        dispatcher().wake();
        Poll.until(DEADLINE, "two scheduler rounds", () -> {
            dispatcher().wake();
            return dispatcher().rounds() >= seen + 2;
        });
    }

    static Instant at(JsonNode delivery) {
        return Instant.parse(delivery.get("nextAttemptAt").asText());
    }

    JsonNode delivery(String id) {
        return herald.http().get("/api/v1/deliveries/" + id).json();
    }

    JsonNode awaitAttempts(String id, int n) {
        return Poll.value(DEADLINE, n + " attempts of " + id, () -> {
            var r = herald.http().get("/api/v1/deliveries/" + id);
            return r.status() == 200 && r.json().get("attempts").size() == n ? r.json() : null;
        });
    }

    @Test
    void a_retry_goes_when_the_clock_reaches_its_time_and_not_before() {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(r -> Answer.status(n.getAndIncrement() < 2 ? 500 : 200));
        start("delivery:\n  retry-schedule: [10s, 20s]\n  jitter: 0\n  allow-networks: [\"127.0.0.0/8\"]\n"
                + "subscriptions:\n" + Herald.subscription("s", receiver.url("/hook"), ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");

        assertEquals(T0.plusSeconds(10), at(awaitAttempts("dlv_1_s", 1)));
        advance(Duration.ofMillis(9_999));
        assertEquals(1, receiver.requests().size(), "not a millisecond early");
        advance(Duration.ofMillis(1));
        assertEquals(T0.plusSeconds(30), at(awaitAttempts("dlv_1_s", 2)),
                "the second delay counts from the end of the second attempt");
        advance(Duration.ofSeconds(19));
        assertEquals(2, receiver.requests().size());
        advance(Duration.ofSeconds(1));
        JsonNode done = awaitAttempts("dlv_1_s", 3);
        assertEquals("succeeded", done.get("status").asText());
        assertTrue(done.get("nextAttemptAt").isNull());
    }

    @Test
    void retry_after_moves_the_next_attempt_within_the_clamp_of_scheduled_to_twice_scheduled() {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(r -> switch (n.getAndIncrement()) {
            case 0 -> Answer.status(429).withHeader("Retry-After", "15");
            case 1 -> Answer.status(503).withHeader("Retry-After", "3600");
            default -> Answer.status(200);
        });
        start("delivery:\n  retry-schedule: [10s, 10s]\n  jitter: 0\n  allow-networks: [\"127.0.0.0/8\"]\n"
                + "subscriptions:\n" + Herald.subscription("s", receiver.url("/hook"), ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");

        assertEquals(T0.plusSeconds(15), at(awaitAttempts("dlv_1_s", 1)));
        advance(Duration.ofSeconds(14));
        assertEquals(1, receiver.requests().size(), "the receiver asked for 15 s, more than the scheduled 10 s");
        advance(Duration.ofSeconds(1));
        // an hour asked for, clamped to twice the scheduled 10 s
        assertEquals(T0.plusSeconds(35), at(awaitAttempts("dlv_1_s", 2)));
        advance(Duration.ofSeconds(20));
        assertEquals("succeeded", awaitAttempts("dlv_1_s", 3).get("status").asText());
    }

    @Test
    void failures_disable_the_subscription_only_once_the_period_since_its_last_success_has_passed() {
        receiver.answer(r -> Answer.status(r.path().equals("/dead") ? 500 : 200));
        start("delivery:\n  retry-schedule: [1s, 1s, 1s, 1s, 1s]\n  jitter: 0\n  disable-after: {failures: 2, period: 1m}\n"
                + "  allow-networks: [\"127.0.0.0/8\"]\nsubscriptions:\n"
                + Herald.subscription("dead", receiver.url("/dead"), "")
                + Herald.subscription("ops", receiver.url("/ops"), "events: [\"herald.*\"]"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        awaitAttempts("dlv_1_dead", 1);
        advance(Duration.ofSeconds(1));
        awaitAttempts("dlv_1_dead", 2);
        assertTrue(herald.http().get("/api/v1/subscriptions/dead").json().get("enabled").asBoolean(),
                "two failures, but within the minute since the subscription was first seen");
        advance(Duration.ofSeconds(59));
        JsonNode third = awaitAttempts("dlv_1_dead", 3);
        JsonNode sub = Poll.value(DEADLINE, "the subscription disabled", () -> {
            JsonNode s = herald.http().get("/api/v1/subscriptions/dead").json();
            return s.get("enabled").asBoolean() ? null : s;
        });
        assertEquals("failures", sub.get("disabledReason").asText());
        assertEquals(T0.plusSeconds(61), at(third), "its retry stays on record");
        Poll.until(DEADLINE, "herald.subscription.disabled at the ops subscription", () -> receiver.requestsTo("/ops")
                .stream().anyMatch(r -> r.bodyText().contains("herald.subscription.disabled")));
        advance(Duration.ofSeconds(1));
        JsonNode skipped = Poll.value(DEADLINE, "the retry skipped", () -> {
            JsonNode d = delivery("dlv_1_dead");
            return d.get("status").asText().equals("skipped") ? d : null;
        });
        assertEquals(3, receiver.requestsTo("/dead").size(), "nothing more is sent once disabled");
        assertEquals("skipped", skipped.get("status").asText());
    }

    @Test
    void an_ordered_subscription_holds_later_deliveries_behind_a_retry_until_the_clock_reaches_it() {
        AtomicInteger n = new AtomicInteger();
        receiver.answer(r -> Answer.status(n.getAndIncrement() == 0 ? 503 : 200));
        start("delivery:\n  retry-schedule: [10s]\n  jitter: 0\n  allow-networks: [\"127.0.0.0/8\"]\n"
                + "subscriptions:\n" + Herald.subscription("s", receiver.url("/hook"), "ordered: true"));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        assertEquals(T0.plusSeconds(10), at(awaitAttempts("dlv_1_s", 1)));
        advance(Duration.ofSeconds(9));
        assertEquals(1, receiver.requests().size(), "event 2 waits behind event 1's retry");
        assertEquals("pending", delivery("dlv_2_s").path("status").asText("pending"));
        advance(Duration.ofSeconds(1));
        assertEquals("succeeded", awaitAttempts("dlv_1_s", 2).get("status").asText());
        assertEquals("succeeded", awaitAttempts("dlv_2_s", 1).get("status").asText());
        List<TestReceiver.Request> got = receiver.requests();
        assertEquals(3, got.size());
        assertEquals(got.get(0).header("webhook-id"), got.get(1).header("webhook-id"), "the retry went before event 2");
    }
}
