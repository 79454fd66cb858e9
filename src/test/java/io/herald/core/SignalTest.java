package io.herald.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SignalTest {
    /** Far longer than any test may take: a waiter that needs it was never woken. */
    private static final long FOREVER_MS = 600_000;

    interface Wait {
        void run() throws InterruptedException;
    }

    /** Starts a thread that runs {@code wait}; the latch opens when the wait returns. */
    private static CountDownLatch inThread(Wait wait) {
        CountDownLatch returned = new CountDownLatch(1);
        new Thread(() -> {
            try {
                wait.run();
                returned.countDown();
            } catch (InterruptedException ignored) {
                // the test fails on the latch
            }
        }).start();
        return returned;
    }

    /** {@code wait} must go to sleep (not return, not linger), and return once {@code s} fires. */
    private static void assertSleepsUntilFired(Signal s, Wait wait) throws InterruptedException {
        CountDownLatch returned = inThread(wait);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.sleepers() == 0) {
            assertTrue(returned.getCount() == 1, "the wait returned without a fire");
            assertTrue(System.nanoTime() < deadline, "the wait never went to sleep");
            Thread.yield();
        }
        s.fire();
        assertTrue(returned.await(30, TimeUnit.SECONDS), "the follower was not woken by the fire");
    }

    @Test
    void noFireIsLostAgainstAFollowerGoingToSleep() throws Exception {
        // a follower that checks, then sleeps, racing a producer that fires once per round: a lost wake-up would
        // leave the follower asleep for FOREVER_MS
        Signal s = new Signal();
        int rounds = 20_000;
        AtomicLong produced = new AtomicLong();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        Thread follower = new Thread(() -> {
            try {
                long consumed = 0;
                while (consumed < rounds) {
                    long seen = s.version();
                    if (produced.get() > consumed) {
                        consumed = produced.get();
                        continue;
                    }
                    s.awaitAfter(seen, FOREVER_MS);
                }
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        follower.start();
        for (int i = 0; i < rounds; i++) {
            produced.incrementAndGet();
            s.fire();
            if (i % 64 == 0) Thread.yield();
        }
        follower.join(60_000);
        assertFalse(follower.isAlive(), "the follower missed a fire and is still asleep");
        assertEquals(null, failed.get());
    }

    @Test
    void aFollowerSleepsUntilFiredWhileEventsComeSlowly() throws Exception {
        Signal s = new Signal();
        Signal.Follower f = s.follower();
        long seen = s.version();
        // no sleep yet, so no sign of a fast producer
        assertSleepsUntilFired(s, () -> f.idle(seen, FOREVER_MS));
    }

    @Test
    void aFollowerOfAFastProducerLingersOnceThenSleepsUntilFired() throws Exception {
        Signal s = new Signal();
        // any sleep under a minute counts as a fast producer's, so the test does not depend on this machine's speed
        Signal.Follower f = s.follower(60_000_000_000L, 1_000_000);
        s.fire();
        f.idle(s.version() - 1, FOREVER_MS); // fired already: a sleep of no time
        f.found();
        long now = s.version();
        assertTrue(inThread(() -> f.idle(now, FOREVER_MS)).await(30, TimeUnit.SECONDS),
                "the follower of a fast producer lingers and returns unfired");
        assertEquals(1, s.version());
        long seen = s.version();
        assertSleepsUntilFired(s, () -> f.idle(seen, FOREVER_MS)); // lingered already and found nothing
    }

    @Test
    void theTimeoutEndsTheWaitWithoutAFire() throws Exception {
        Signal s = new Signal();
        s.awaitAfter(s.version(), 1); // returns: the test would hang otherwise
        assertEquals(0, s.version());
    }

    @Test
    void aFireBeforeTheWaitReturnsAtOnce() throws Exception {
        Signal s = new Signal();
        long seen = s.version();
        s.fire();
        s.awaitAfter(seen, FOREVER_MS);
        assertEquals(seen + 1, s.version());
    }

    @Test
    void oneFireWakesEveryThreadAsleep() throws Exception {
        // the stream tailer and fan-out both sleep on the journal's signal
        Signal s = new Signal();
        long seen = s.version();
        CountDownLatch first = inThread(() -> s.awaitAfter(seen, FOREVER_MS));
        CountDownLatch second = inThread(() -> s.awaitAfter(seen, FOREVER_MS));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (s.sleepers() < 2) {
            assertTrue(System.nanoTime() < deadline, "the waits never went to sleep");
            Thread.yield();
        }
        s.fire();
        assertTrue(first.await(30, TimeUnit.SECONDS) && second.await(30, TimeUnit.SECONDS), "a sleeper was not woken");
        assertEquals(0, s.sleepers());
    }

    @Test
    void interruptingASleeperThrows() throws Exception {
        Signal s = new Signal();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            try {
                s.awaitAfter(s.version(), FOREVER_MS);
            } catch (Throwable e) {
                ended.set(e);
            }
            done.countDown();
        });
        t.start();
        t.interrupt();
        assertTrue(done.await(30, TimeUnit.SECONDS), "the interrupt did not end the wait");
        assertInstanceOf(InterruptedException.class, ended.get());
    }
}
