package io.herald.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition with a deadline: the only way tests synchronise. */
public final class Poll {
    private Poll() {}

    public static void until(Duration deadline, String what, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("timed out after " + deadline + " waiting for " + what);
            Thread.onSpinWait();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    public static <T> T value(Duration deadline, String what, Supplier<T> supplier) {
        Object[] holder = new Object[1];
        until(deadline, what, () -> (holder[0] = supplier.get()) != null);
        @SuppressWarnings("unchecked") T t = (T) holder[0];
        return t;
    }
}
