package io.herald.core;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * A wake-up call between threads: the journal tells its tailers that something was appended.
 *
 * <p>{@link #fire} is called on every ingest; it wakes anyone only when a tailer is actually waiting, so a busy
 * Herald does not make every request thread queue on one lock (P1: context switches were 40% of CPU). The waiter
 * count and the version are both volatile: either fire sees the waiter, or the waiter sees the new version
 * before it sleeps.
 *
 * <p>Waiters park, and fire unparks each: no monitor. With {@code wait}/{@code notifyAll}, each woken follower
 * (stream tailer, fan-out) had to take the monitor again on its way out, while the firing request thread or the
 * other follower held it: a second sleep and wake per follower per event (P5 spread: an event a millisecond).
 *
 * <p>Each follower waits through its own {@link Follower}, which lingers when events come fast: see there.
 */
public final class Signal {
    private final AtomicLong version = new AtomicLong();
    private final AtomicInteger waiters = new AtomicInteger();

    /** the threads in {@link #awaitAfter}; registered before they count as waiters */
    private final Set<Thread> sleeping = ConcurrentHashMap.newKeySet();

    public void fire() {
        version.incrementAndGet();
        if (waiters.get() > 0) {
            for (Thread t : sleeping) LockSupport.unpark(t);
        }
    }

    public long version() {
        return version.get();
    }

    /** For tests: how many threads sleep in {@link #awaitAfter}. */
    int sleepers() {
        return waiters.get();
    }

    /** A follower's idle policy; one per following thread. */
    public Follower follower() {
        return new Follower(Follower.BUSY_NANOS, Follower.LINGER_NANOS);
    }

    /** For tests: a follower with its own thresholds. */
    Follower follower(long busyNanos, long lingerNanos) {
        return new Follower(busyNanos, lingerNanos);
    }

    /**
     * What a follower does when it found nothing new. Under a fast stream of single events (P1), a follower woken
     * for every event costs two context switches and a notify on the request thread per event per follower, and
     * took a tenth of the cores. So when its last sleep was short (events are coming fast), a follower first
     * lingers a moment without telling anyone, and wakes to several events at once. When events come slower (P4's
     * 1,000/s) it sleeps until fired as before, and a lone event is not delayed.
     */
    public final class Follower {
        /** a sleep shorter than this means events are coming faster than one per BUSY_NANOS */
        static final long BUSY_NANOS = 250_000;
        /** short against P4's 2 ms budget; at P1's ~20k events/s a follower wakes for ~10 events at a time */
        static final long LINGER_NANOS = 500_000;

        private final long busyNanos;
        private final long lingerNanos;
        private boolean lingered;
        private long lastSleepNanos = Long.MAX_VALUE;

        private Follower(long busyNanos, long lingerNanos) {
            this.busyNanos = busyNanos;
            this.lingerNanos = lingerNanos;
        }

        /** Found nothing after {@code seen}: linger, or sleep until fired or {@code timeoutMillis} pass. */
        public void idle(long seen, long timeoutMillis) throws InterruptedException {
            if (!lingered && lastSleepNanos < busyNanos) {
                lingered = true;
                LockSupport.parkNanos(Signal.this, lingerNanos);
                if (Thread.interrupted()) throw new InterruptedException();
                return;
            }
            long t0 = System.nanoTime();
            awaitAfter(seen, timeoutMillis);
            lastSleepNanos = System.nanoTime() - t0;
        }

        /** Found an event: the next idle may linger again. */
        public void found() {
            lingered = false;
        }
    }

    /** Waits until fired after {@code seen} or the timeout passes. Any number of threads may wait at once. */
    public void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        Thread me = Thread.currentThread();
        sleeping.add(me);
        waiters.incrementAndGet();
        try {
            while (version.get() == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) return;
                LockSupport.parkNanos(this, left); // may return early (a permit left by an earlier fire): looped
                if (Thread.interrupted()) throw new InterruptedException();
            }
        } finally {
            waiters.decrementAndGet();
            sleeping.remove(me);
        }
    }
}
