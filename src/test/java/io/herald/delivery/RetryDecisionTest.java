package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.DeliveryConfig;
import io.herald.delivery.RetryDecision.Outcome;
import io.herald.subscription.Subscription;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The retry decision is a pure function: exact inputs, exact outcome (failsafe style). */
class RetryDecisionTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant CREATED = NOW.minus(Duration.ofDays(1));

    static Subscription sub(List<Duration> schedule, double jitter, int failures, Duration period) {
        return new Subscription("s", URI.create("http://x.test/"), List.of(), List.of(), "standard-webhooks", Map.of(),
                true, null, Duration.ofSeconds(10), schedule, jitter, new DeliveryConfig.DisableAfter(failures, period),
                true, Subscription.API, CREATED, null);
    }

    static final Subscription THREE_RETRIES = sub(List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30)), 0.2, 10, Duration.ofHours(1));

    static AttemptResult status(int code) {
        return new AttemptResult(code, null, "", null, 12);
    }

    static AttemptResult status(int code, String retryAfter) {
        return new AttemptResult(code, null, "", retryAfter, 12);
    }

    @Test
    void a_2xx_succeeds_with_nothing_else_to_do() {
        assertEquals(new Outcome(DeliveryStatus.SUCCEEDED, null, null, null),
                RetryDecision.decide(status(204), THREE_RETRIES, 0, CREATED, 1, 0.5, NOW, "a.b"));
    }

    @Test
    void a_failure_is_retried_after_the_jittered_delay_counted_from_the_end_of_the_attempt() {
        assertEquals(new Outcome(DeliveryStatus.PENDING, NOW.plusSeconds(4), null, null),
                RetryDecision.decide(status(500), THREE_RETRIES, 1, CREATED, 1, 0.0, NOW, "a.b"));
        assertEquals(new Outcome(DeliveryStatus.PENDING, NOW.plusMillis(5980), null, null),
                RetryDecision.decide(status(500), THREE_RETRIES, 1, CREATED, 1, 0.99, NOW, "a.b"));
        assertEquals(new Outcome(DeliveryStatus.PENDING, NOW.plus(Duration.ofMinutes(30)), null, null),
                RetryDecision.decide(new AttemptResult(null, "timeout", null, null, 10_000), THREE_RETRIES, 3,
                        CREATED, 3, 0.5, NOW, "a.b"));
    }

    @Test
    void the_schedule_used_up_fails_the_delivery_and_reports_it() {
        assertEquals(new Outcome(DeliveryStatus.FAILED, null, null, "herald.delivery.failed"),
                RetryDecision.decide(status(500), THREE_RETRIES, 4, CREATED, 4, 0.5, NOW, "a.b"));
    }

    @Test
    void a_herald_event_that_fails_for_good_posts_no_ops_event_so_a_dead_ops_receiver_cannot_feed_itself() {
        assertEquals(new Outcome(DeliveryStatus.FAILED, null, null, null),
                RetryDecision.decide(status(500), THREE_RETRIES, 4, CREATED, 4, 0.5, NOW, "herald.delivery.failed"));
    }

    @Test
    void gone_disables_at_once_with_no_retry_and_does_not_count_as_a_failure() {
        assertFalse(RetryDecision.countsAsFailure(status(410)));
        assertTrue(RetryDecision.countsAsFailure(status(500)));
        assertFalse(RetryDecision.countsAsFailure(status(200)));
        assertEquals(new Outcome(DeliveryStatus.FAILED, null, "gone", "herald.delivery.failed"),
                RetryDecision.decide(status(410), THREE_RETRIES, 0, CREATED, 1, 0.5, NOW, "a.b"));
    }

    @Test
    void retry_after_is_clamped_to_between_the_scheduled_delay_and_twice_it() {
        Subscription s = sub(List.of(Duration.ofSeconds(10)), 0, 10, Duration.ofHours(1));
        assertEquals(NOW.plusSeconds(15), RetryDecision.decide(status(429, "15"), s, 1, CREATED, 1, 0.5, NOW, "a.b")
                .nextAttemptAt());
        assertEquals(NOW.plusSeconds(20), RetryDecision.decide(status(503, "3600"), s, 1, CREATED, 1, 0.5, NOW, "a.b")
                .nextAttemptAt());
        assertEquals(NOW.plusSeconds(10), RetryDecision.decide(status(429, "1"), s, 1, CREATED, 1, 0.5, NOW, "a.b")
                .nextAttemptAt());
        // an HTTP date is read against the end of the attempt, never the machine's clock
        assertEquals(NOW.plusSeconds(12), RetryDecision.decide(status(503, "Mon, 23 Nov 2026 10:00:12 GMT"), s, 1,
                CREATED, 1, 0.5, NOW, "a.b").nextAttemptAt());
        assertEquals(NOW.plusSeconds(10), RetryDecision.decide(status(429, "soon"), s, 1, CREATED, 1, 0.5, NOW, "a.b")
                .nextAttemptAt());
    }

    @Test
    void disable_after_needs_both_the_count_and_the_period_since_the_last_success() {
        Subscription s = sub(List.of(Duration.ofSeconds(10)), 0, 3, Duration.ofMinutes(10));
        Instant longAgo = NOW.minus(Duration.ofMinutes(10));
        Instant recently = NOW.minus(Duration.ofMinutes(9));
        assertEquals(new Outcome(DeliveryStatus.PENDING, NOW.plusSeconds(10), "failures", null),
                RetryDecision.decide(status(500), s, 3, longAgo, 1, 0.5, NOW, "a.b"));
        assertNull(RetryDecision.decide(status(500), s, 2, longAgo, 1, 0.5, NOW, "a.b").disable());
        assertNull(RetryDecision.decide(status(500), s, 3, recently, 1, 0.5, NOW, "a.b").disable());
        assertEquals(new Outcome(DeliveryStatus.FAILED, null, "failures", "herald.delivery.failed"),
                RetryDecision.decide(status(500), s, 7, longAgo, 2, 0.5, NOW, "a.b"));
    }

    @Test
    void retry_after_parses_an_http_date_against_the_given_time() {
        assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Mon, 23 Nov 2026 10:00:30 GMT", NOW));
        assertEquals(Duration.ZERO, RetryAfter.parse("Mon, 23 Nov 2026 09:00:00 GMT", NOW));
    }
}
