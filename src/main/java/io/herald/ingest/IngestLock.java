package io.herald.ingest;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Ingest's lock. A thread that finds it taken spins for up to {@link #SPIN_NANOS} before it sleeps: ingest holds it
 * for tens of microseconds (a batch of 100: ~85 µs), while a thread that slept gives its core away and waits for it
 * again.
 *
 * <p>Why: posts run on Jetty's two selectors ({@code api/InlinePosts}), on 2 cores. With {@code synchronized}, a
 * selector that found the lock taken slept, the other runnable threads (the load generator, fan-out, GC) took its
 * core, and once woken it waited for that core as well: under batch ingest (P2, JFR over 10 s) 2,058 of ~3,900
 * posts waited, for 300 µs at the median and 2.9 ms at p90 (1.9 s of the selectors' 20), and the machine stood 17%
 * idle. Spinning keeps the core: p2 harness, 7 alternating pairs (each 3 rounds of 10 s), 368k → 407k events/s on
 * average, better in 5 of 7 pairs; a plain ReentrantLock that sleeps at once measured as {@code synchronized}.
 * Handing the post to the thread that holds the lock instead (flat combining) halved P2: an answer written from
 * another thread makes Jetty resume the connection through its pool.
 *
 * <p>After the spin it sleeps as any lock does, and sooner when the holder stops making progress: a holder that was
 * itself preempted is not waited for by burning the core it could continue on. Under P2 each selector was preempted
 * ~1,950 times a second (`perf` sched_switch: by the load generator woken by its answer, and by interrupts), many
 * times while holding the lock; spinning was then 6.9% of Herald's CPU, and with the holder's progress watched
 * 0.6% (async-profiler, p2 harness on ext4; 4 alternating pairs, 374k → 400k events/s, 4.18 → 3.90 µs of CPU
 * per event). The wake of delivery's fan-out moved out of the lock for the same reason.
 */
final class IngestLock {
    static final long SPIN_NANOS = 200_000;
    /**
     * A holder that made no progress for this long is taken to be off its core, and the spin ends: longer than a
     * journal page fault (11-35 µs), shorter than the holder's usual wait for a core.
     */
    static final long STALL_NANOS = 50_000;
    private final ReentrantLock lock = new ReentrantLock();
    /** Ticked by the holder ({@link #progressed}), read by spinners. */
    private final AtomicLong progress = new AtomicLong();

    void lock() {
        if (lock.tryLock()) return;
        long now = System.nanoTime();
        long deadline = now + SPIN_NANOS;
        long seen = progress.get();
        long seenAt = now;
        for (int i = 1; ; i++) {
            Thread.onSpinWait();
            if (lock.tryLock()) return;
            if ((i & 15) != 0) continue; // the clock is read once per 16 turns: it was half the spin's CPU
            now = System.nanoTime();
            long p = progress.get();
            if (p != seen) {
                seen = p;
                seenAt = now;
            }
            if (!spinOn(now, deadline, seenAt)) break;
        }
        lock.lock();
    }

    /**
     * Whether a spinner goes on spinning: until its deadline, and only while the holder makes progress. A holder that
     * made none for {@link #STALL_NANOS} was preempted, and spinning would hold the core it could continue on.
     *
     * @param seenAt when the spinner last saw the holder's progress move (or began to spin)
     */
    static boolean spinOn(long now, long deadline, long seenAt) {
        return now - deadline < 0 && now - seenAt < STALL_NANOS;
    }

    /**
     * By the holder, as its work goes on (once per event): it is running. Spinners stop spinning for a holder that
     * stopped, which under P2 was a holder preempted by the load generator (~1,950 preemptions a second per selector,
     * `perf` sched_switch).
     */
    void progressed() {
        progress.lazySet(progress.get() + 1); // only the holder writes it: no atomic add needed
    }

    void unlock() {
        lock.unlock();
    }

    /** {@code work}'s answer, computed under the lock. */
    <T> T holding(Supplier<T> work) {
        lock();
        try {
            return work.get();
        } finally {
            unlock();
        }
    }
}
