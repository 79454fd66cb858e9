package io.herald.delivery;

import java.util.function.BooleanSupplier;

/**
 * Where the scheduler sleeps until its next due time, and how others wake it early (db-scheduler's {@code Waiter}).
 * A wake that comes while the scheduler is busy is not lost: it checks for work after saying it sleeps, and a
 * producer adds its work before it looks whether anyone sleeps.
 */
final class Waiter {
    private final Object monitor = new Object();
    private volatile boolean sleeping;
    private boolean woken;

    /** Sleeps up to {@code maxMs}, unless {@code workPending} already holds or someone wakes it. */
    void await(long maxMs, BooleanSupplier workPending) throws InterruptedException {
        synchronized (monitor) {
            sleeping = true;
            try {
                if (!woken && !workPending.getAsBoolean() && maxMs > 0) monitor.wait(maxMs);
            } finally {
                sleeping = false;
                woken = false;
            }
        }
    }

    /** Cheap when the scheduler is awake: a volatile read. */
    void wake() {
        if (!sleeping) return;
        synchronized (monitor) {
            woken = true;
            monitor.notify();
        }
    }
}
