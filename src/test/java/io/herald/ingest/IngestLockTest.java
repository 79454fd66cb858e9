package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class IngestLockTest {

    /** Unguarded increments lose updates as soon as two threads overlap; under the lock none is lost. */
    @Test
    void onlyOneThreadHoldsItAtATime() throws Exception {
        IngestLock lock = new IngestLock();
        int[] counter = {0};
        AtomicBoolean inside = new AtomicBoolean();
        AtomicBoolean overlapped = new AtomicBoolean();
        int threads = 4;
        int rounds = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread th = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    lock.lock();
                    try {
                        if (!inside.compareAndSet(false, true)) overlapped.set(true);
                        counter[0]++;
                        inside.set(false);
                    } finally {
                        lock.unlock();
                    }
                }
            });
            th.start();
            all.add(th);
        }
        start.countDown();
        for (Thread th : all) th.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(overlapped.get(), "two threads were inside at once");
        assertEquals(threads * rounds, lock.holding(() -> counter[0]));
    }

    /** A holder that keeps it far longer than the spin: the waiter sleeps, and gets it once it is let go. */
    @Test
    void aWaiterPastItsSpinSleepsUntilTheLockIsFree() throws Exception {
        IngestLock lock = new IngestLock();
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch acquired = new CountDownLatch(1);
        Thread holder = new Thread(() -> {
            lock.lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
        });
        holder.start();
        assertTrue(held.await(10, TimeUnit.SECONDS));
        Thread waiter = new Thread(() -> {
            lock.lock();
            lock.unlock();
            acquired.countDown();
        });
        waiter.start();
        // the waiter is parked once its spin is over: poll its state with a deadline, no sleep as synchronisation
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (waiter.getState() != Thread.State.WAITING && System.nanoTime() < deadline) Thread.onSpinWait();
        assertEquals(Thread.State.WAITING, waiter.getState(), "the waiter still spins past its spin time");
        assertEquals(1, acquired.getCount(), "the waiter got a lock that was held");
        release.countDown();
        assertTrue(acquired.await(10, TimeUnit.SECONDS), "the waiter never got the lock once it was free");
        holder.join();
        waiter.join();
    }

    /** The spin's decision: it ends at its deadline, and earlier once the holder has made no progress for a while. */
    @Test
    void aSpinEndsAtItsDeadlineOrWhenTheHolderStopsMakingProgress() {
        long deadline = IngestLock.SPIN_NANOS;
        assertTrue(IngestLock.spinOn(1_000, deadline, 0), "early, with the holder just seen moving");
        assertTrue(IngestLock.spinOn(deadline - 1, deadline, deadline - 10_000), "a holder that keeps moving: to the end");
        assertFalse(IngestLock.spinOn(deadline, deadline, deadline - 10_000), "not past the deadline");
        assertFalse(IngestLock.spinOn(IngestLock.STALL_NANOS, deadline, 0), "a holder still for STALL_NANOS was preempted");
        assertTrue(IngestLock.spinOn(IngestLock.STALL_NANOS - 1, deadline, 0), "one still for less is waited for");
        assertTrue(IngestLock.spinOn(Long.MAX_VALUE - 5, Long.MAX_VALUE + deadline, Long.MAX_VALUE - 10),
                "times compared by difference, across the clock's wrap");
    }
}
