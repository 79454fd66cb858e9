package io.herald.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Parses a Retry-After header: delta-seconds or an HTTP date. Garbage is ignored (null). Pure: now is an argument. */
final class RetryAfter {
    private RetryAfter() {}

    /** @param now what an HTTP date is measured from (the end of the attempt) */
    static Duration parse(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds >= 0 ? Duration.ofSeconds(seconds) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }
}
