package io.herald.core;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error boundary of Herald's long-running threads (fan-out, pump, stream tailer): a loop that throws is
 * logged and started again after a pause, until its owner says it is stopping and interrupts it.
 */
public final class Loops {
    private static final Logger log = LoggerFactory.getLogger(Loops.class);
    private static final long PAUSE_AFTER_ERROR_MS = 500;

    public interface Body {
        void run() throws Exception;
    }

    private Loops() {}

    /** Starts thread {@code name} running {@code body} until {@code stopping}; the owner joins it. */
    public static Thread start(String name, boolean daemon, BooleanSupplier stopping, Body body) {
        Thread t = new Thread(() -> runUntilStopped(name, stopping, body), name);
        t.setDaemon(daemon);
        t.start();
        return t;
    }

    private static void runUntilStopped(String name, BooleanSupplier stopping, Body body) {
        while (!stopping.getAsBoolean()) {
            try {
                body.run();
            } catch (InterruptedException e) {
                if (stopping.getAsBoolean()) return;
            } catch (Exception | Error e) {
                log.error("{}_failed, will keep running", name, e);
                try {
                    Thread.sleep(PAUSE_AFTER_ERROR_MS); // an error that repeats at once must not spin a core
                } catch (InterruptedException stop) {
                    if (stopping.getAsBoolean()) return;
                }
            }
        }
    }

    /** Waits up to 5 s for {@code t} (null: nothing to wait for); keeps the caller's interrupt. */
    public static void join(Thread t) {
        if (t == null) return;
        try {
            t.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
