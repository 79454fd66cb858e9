package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    static final java.time.Instant NOW = java.time.Instant.parse("2026-11-23T10:00:00Z");
    static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofMinutes(30));

    @Test
    void without_jitter_the_delay_is_the_schedule_entry_for_the_attempts_made() {
        assertEquals(Duration.ofSeconds(5), Backoff.nextDelay(1, SCHEDULE, 0, 0.7));
        assertEquals(Duration.ofMinutes(5), Backoff.nextDelay(2, SCHEDULE, 0, 0.1));
        assertEquals(Duration.ofMinutes(30), Backoff.nextDelay(3, SCHEDULE, 0, 0.9));
    }

    @Test
    void the_schedule_used_up_means_no_more_attempts() {
        assertNull(Backoff.nextDelay(4, SCHEDULE, 0.2, 0.5));
        assertNull(Backoff.nextDelay(1, List.of(), 0.2, 0.5));
    }

    @Test
    void jitter_scales_by_a_factor_between_one_minus_and_one_plus_jitter() {
        assertEquals(Duration.ofSeconds(4), Backoff.nextDelay(1, SCHEDULE, 0.2, 0.0));
        assertEquals(Duration.ofSeconds(5), Backoff.nextDelay(1, SCHEDULE, 0.2, 0.5));
        assertEquals(Duration.ofMillis(5980), Backoff.nextDelay(1, SCHEDULE, 0.2, 0.99));
        assertEquals(Duration.ofMinutes(4), Backoff.nextDelay(2, SCHEDULE, 0.2, 0.0));
    }

    @Test
    void retry_after_is_clamped_to_scheduled_and_twice_scheduled() {
        Duration s = Duration.ofSeconds(10);
        assertEquals(s, Backoff.honourRetryAfter(s, null));
        assertEquals(s, Backoff.honourRetryAfter(s, Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(15), Backoff.honourRetryAfter(s, Duration.ofSeconds(15)));
        assertEquals(Duration.ofSeconds(20), Backoff.honourRetryAfter(s, Duration.ofHours(1)));
    }

    @Test
    void retry_after_parses_seconds_and_ignores_garbage() {
        assertEquals(Duration.ofSeconds(120), RetryAfter.parse("120", NOW));
        assertNull(RetryAfter.parse("soon", NOW));
        assertNull(RetryAfter.parse("-5", NOW));
        assertNotNull(RetryAfter.parse("Wed, 21 Oct 2015 07:28:00 GMT", NOW));
    }
}
