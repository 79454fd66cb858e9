package io.herald.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimestampsTest {
    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    @Test
    void formatsAndParsesLikeTheJdkAcrossFourHundredYears() {
        SplittableRandom random = new SplittableRandom(42);
        long from = Instant.parse("1900-01-01T00:00:00Z").toEpochMilli();
        long to = Instant.parse("2300-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 100_000; i++) {
            Instant t = Instant.ofEpochMilli(random.nextLong(from, to)).plusNanos(random.nextInt(1_000_000));
            String expected = REFERENCE.format(t.truncatedTo(ChronoUnit.MILLIS));
            assertEquals(expected, Timestamps.format(t));
            assertEquals(Instant.parse(expected), Timestamps.parse(expected));
        }
    }

    @Test
    void leapDaysAndTheEpoch() {
        for (String s : new String[] {"2024-02-29T23:59:59.999Z", "1970-01-01T00:00:00.000Z", "2000-02-29T12:00:00.001Z"}) {
            assertEquals(s, Timestamps.format(Timestamps.parse(s)));
            assertEquals(Instant.parse(s), Timestamps.parse(s));
        }
    }

    @Test
    void otherShapesGoToTheJdk() {
        assertEquals(Instant.parse("2026-11-23T10:00:00Z"), Timestamps.parse("2026-11-23T10:00:00Z"));
        assertEquals(Instant.parse("2026-11-23T10:00:00.123456Z"), Timestamps.parse("2026-11-23T10:00:00.123456Z"));
        assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2026-02-30T10:00:00.000Z"));
        assertThrows(DateTimeParseException.class, () -> Timestamps.parse("2026-1x-23T10:00:00.000Z"));
    }
}
