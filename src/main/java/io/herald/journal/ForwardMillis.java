package io.herald.journal;

import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;
import net.openhft.chronicle.core.time.TimeProvider;

/**
 * The clock's milliseconds, never less than any it gave before: Chronicle picks an entry's cycle (its day's file) by
 * this time and refuses to write into a cycle it already closed. Read by the appender and by tailers, on any thread.
 */
final class ForwardMillis implements TimeProvider {
    private final Clock clock;
    private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

    ForwardMillis(Clock clock) {
        this.clock = clock;
    }

    /** From now on, never less than {@code millis}: the start of the last cycle already on disk. */
    void notBefore(long millis) {
        last.accumulateAndGet(millis, Math::max);
    }

    @Override
    public long currentTimeMillis() {
        long now = clock.millis();
        long seen = last.get();
        if (now <= seen) return seen;
        return last.accumulateAndGet(now, Math::max);
    }
}
