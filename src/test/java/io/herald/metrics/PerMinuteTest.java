package io.herald.metrics;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PerMinuteTest {
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:30Z"));
    final PerMinute rates = new PerMinute(clock);

    @Test
    void counts_each_minute_apart_oldest_first_with_the_current_minute_last() {
        rates.events(3);
        rates.attempt(true);
        rates.attempt(false);
        clock.advance(Duration.ofMinutes(2));
        rates.events(1);
        rates.attempt(true);
        rates.attempt(true);
        List<PerMinute.Minute> last = rates.last();
        assertEquals(PerMinute.MINUTES, last.size());
        PerMinute.Minute now = last.get(59);
        assertEquals(Instant.parse("2026-11-23T10:02:00Z"), now.at());
        assertEquals(new PerMinute.Minute(Instant.parse("2026-11-23T10:02:00Z"), 1, 2, 0), now);
        assertEquals(new PerMinute.Minute(Instant.parse("2026-11-23T10:01:00Z"), 0, 0, 0), last.get(58));
        assertEquals(new PerMinute.Minute(Instant.parse("2026-11-23T10:00:00Z"), 3, 1, 1), last.get(57));
        assertEquals(Instant.parse("2026-11-23T09:03:00Z"), last.get(0).at());
    }

    @Test
    void a_slot_an_hour_old_is_counted_afresh_not_added_to() {
        rates.events(5);
        clock.advance(Duration.ofMinutes(60));
        rates.events(2);
        List<PerMinute.Minute> last = rates.last();
        assertEquals(2, last.get(59).events());
        assertEquals(7 - 5, last.stream().mapToLong(PerMinute.Minute::events).sum(), "the hour-old 5 dropped out");
    }

    @Test
    void minutes_nobody_counted_in_read_as_zero_after_a_long_pause() {
        rates.events(4);
        clock.advance(Duration.ofHours(3));
        assertTrue(rates.last().stream().allMatch(m -> m.events() == 0 && m.delivered() == 0 && m.failedAttempts() == 0));
    }
}
