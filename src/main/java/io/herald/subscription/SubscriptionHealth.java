package io.herald.subscription;

import io.herald.config.DeliveryConfig;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Consecutive failed attempts and the last success, per subscription: what {@code disable-after} looks at. Kept
 * in memory and rebuilt from the delivery log at start, so it needs no file of its own.
 */
public final class SubscriptionHealth {
    private final Map<String, Entry> bySub = new HashMap<>();

    private static final class Entry {
        int failures;
        Instant lastSuccess;
    }

    public synchronized void success(String id, Instant at) {
        Entry e = bySub.computeIfAbsent(id, k -> new Entry());
        e.failures = 0;
        e.lastSuccess = at;
    }

    /** Counts a failed attempt; returns the consecutive failures so far. */
    public synchronized int failure(String id) {
        return ++bySub.computeIfAbsent(id, k -> new Entry()).failures;
    }

    /** The last success, else the subscription's creation: where its disable-after period starts. */
    public synchronized Instant since(Subscription s) {
        Entry e = bySub.get(s.id());
        return e != null && e.lastSuccess != null ? e.lastSuccess : s.createdAt();
    }

    /** Enabling starts the count again. */
    public synchronized void reset(String id) {
        Entry e = bySub.get(id);
        if (e != null) e.failures = 0;
    }

    public synchronized int failures(String id) {
        Entry e = bySub.get(id);
        return e == null ? 0 : e.failures;
    }

    /** CONTRACT 2: both must hold, the count of consecutive failures and the time since the last success. */
    public static boolean shouldDisable(int failures, Instant since, Instant now, DeliveryConfig.DisableAfter rule) {
        return failures >= rule.failures() && since != null && Duration.between(since, now).compareTo(rule.period()) >= 0;
    }
}
