package io.herald.metrics;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Events accepted, deliveries made and attempts failed in each of the last {@value #MINUTES} minutes, for the
 * portal's overview: a ring of one slot per minute, reset when its minute comes round again. Kept in memory only;
 * a restart starts it empty. Counting is a short critical section; reading copies the ring.
 */
public final class PerMinute {
    public static final int MINUTES = 60;

    /** One minute's counts; {@code at} is the minute's start. */
    public record Minute(Instant at, long events, long delivered, long failedAttempts) {}

    private final Clock clock;
    private final long[] minute = new long[MINUTES];
    private final long[] events = new long[MINUTES];
    private final long[] delivered = new long[MINUTES];
    private final long[] failed = new long[MINUTES];

    public PerMinute(Clock clock) {
        this.clock = clock;
        java.util.Arrays.fill(minute, -1);
    }

    public void events(int n) {
        add(events, n);
    }

    /** A successful attempt is a delivered webhook; a failed one counts as a failure whatever comes after it. */
    public void attempt(boolean success) {
        add(success ? delivered : failed, 1);
    }

    private synchronized void add(long[] counts, long n) {
        long now = Math.floorDiv(clock.millis(), 60_000L);
        int slot = (int) Math.floorMod(now, (long) MINUTES);
        if (minute[slot] != now) {
            minute[slot] = now;
            events[slot] = 0;
            delivered[slot] = 0;
            failed[slot] = 0;
        }
        counts[slot] += n;
    }

    /** The last {@value #MINUTES} minutes, oldest first, the current (still counting) minute last. */
    public synchronized List<Minute> last() {
        long now = Math.floorDiv(clock.millis(), 60_000L);
        List<Minute> out = new ArrayList<>(MINUTES);
        for (long m = now - MINUTES + 1; m <= now; m++) {
            int slot = (int) Math.floorMod(m, (long) MINUTES);
            boolean counted = minute[slot] == m;
            out.add(new Minute(Instant.ofEpochMilli(m * 60_000L), counted ? events[slot] : 0,
                    counted ? delivered[slot] : 0, counted ? failed[slot] : 0));
        }
        return out;
    }
}
