package io.herald.core;

/** A wake-up call between threads: the journal tells its tailers that something was appended. */
public final class Signal {
    private long version;

    public synchronized void fire() {
        version++;
        notifyAll();
    }

    public synchronized long version() {
        return version;
    }

    /** Waits until fired after {@code seen} or the timeout passes. */
    public synchronized void awaitAfter(long seen, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (version == seen) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) return;
            wait(left);
        }
    }
}
