package io.herald.core;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** ISO-8601 UTC with exactly three fraction digits, as every answer and payload shows time. */
public final class Timestamps {
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);

    private Timestamps() {}

    public static String format(Instant t) {
        return MILLIS.format(t.truncatedTo(ChronoUnit.MILLIS));
    }

    public static Instant parse(String s) {
        return Instant.parse(s);
    }
}
