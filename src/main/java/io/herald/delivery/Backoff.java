package io.herald.delivery;

import java.time.Duration;
import java.util.List;

/** Retry maths, pure: no clock, no hidden randomness (the random draw is an argument). */
public final class Backoff {
    private Backoff() {}

    /**
     * The delay before the next attempt after {@code attemptsMade} attempts, or null when the schedule is used up.
     *
     * @param random01 a uniform draw in [0, 1); the delay is scaled by {@code 1 - jitter + 2 * jitter * random01}
     */
    public static Duration nextDelay(int attemptsMade, List<Duration> schedule, double jitter, double random01) {
        if (attemptsMade < 1 || attemptsMade > schedule.size()) return null;
        Duration base = schedule.get(attemptsMade - 1);
        double factor = 1 - jitter + 2 * jitter * random01;
        return Duration.ofNanos(Math.round(base.toNanos() * factor));
    }

    /** A receiver's Retry-After, clamped to [scheduled, 2 x scheduled] so it can neither hurry nor stall us. */
    public static Duration honourRetryAfter(Duration scheduled, Duration retryAfter) {
        if (retryAfter == null) return scheduled;
        if (retryAfter.compareTo(scheduled) < 0) return scheduled;
        Duration twice = scheduled.multipliedBy(2);
        return retryAfter.compareTo(twice) > 0 ? twice : retryAfter;
    }
}
