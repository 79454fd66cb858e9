package io.herald.ingest;

import java.util.function.Predicate;

/**
 * When an append wakes delivery's fan-out: for an event some subscription may want, and at least every
 * {@link #WAKE_EVERY}th event. Fan-out reads every entry in order anyway and finds the others at its next round, so
 * an event only streams watch (a job's progress ticks) wakes no thread but the streams' (P5 spread: fan-out's wake
 * was a thread switch and 11-21 µs per event, and preempted the posting selector). A false positive only costs
 * that wake. Ingest's lock guards it.
 */
final class DeliveryWake {
    /**
     * Fan-out is woken at least every this many events: it then still finds them decoded in
     * {@link io.herald.core.RecentEvents} (8,192 slots). Left to its 200 ms round at batch ingest's rates, it found
     * them overwritten and parsed each again (P2: 401k instead of 531k events/s).
     */
    static final int WAKE_EVERY = 1024;

    private volatile Predicate<NewEvent> mayWant = e -> true;
    private int unwoken;

    void mayWant(Predicate<NewEvent> mayWant) {
        this.mayWant = mayWant;
    }

    /** After {@code e} was appended: whether fan-out is due a wake. */
    boolean due(NewEvent e) {
        if (!mayWant.test(e) && ++unwoken < WAKE_EVERY) return false;
        unwoken = 0;
        return true;
    }
}
