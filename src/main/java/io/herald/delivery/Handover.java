package io.herald.delivery;

import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * Cluster mode: subscriptions this node gained and lost, handed to the fan-out thread in the order ownership
 * changed. The fan-out thread applies each before its next event, so the live path never delivers a gained
 * subscription before its cursor exists, nor a lost one after it was let go. Any thread may call; only fan-out polls.
 */
public final class Handover {
    /** One change of ownership, as fan-out applies it. */
    sealed interface Change {}

    record Gained(Runnable owned, Supplier<Map<String, Long>> from, ToLongFunction<String> recordedThrough)
            implements Change {}

    record Lost(Runnable notOwned, Predicate<String> lost, CompletableFuture<Void> done) implements Change {}

    private final Queue<Change> changes = new ConcurrentLinkedQueue<>();

    /**
     * Subscriptions gained. Fan-out runs {@code owned} (which makes them this node's: from then on the live path
     * delivers them), then puts each subscription {@code from} names behind a cursor at its seq (or, beyond where
     * fan-out is, skips its events up to there): the catch-up path redoes what the old owner may not have finished,
     * the delivery log deciding each delivery of an event up to {@code recordedThrough} (the highest seq of the
     * subscription with a record in the log); beyond it no node made one, and fan-out does not look.
     */
    public void gained(Runnable owned, Supplier<Map<String, Long>> from, ToLongFunction<String> recordedThrough) {
        changes.add(new Gained(owned, from, recordedThrough));
    }

    /**
     * Subscriptions lost. Fan-out runs {@code notOwned} (from then on it makes none of their deliveries) and drops
     * its cursors for them; then the scheduler drops their queued and retry-waiting deliveries, lets their attempts
     * in flight finish, and tells {@link DeliveryProgress#released}. The future completes then: their next owner
     * finds every attempt this node made in the delivery log.
     */
    public CompletableFuture<Void> lost(Runnable notOwned, Predicate<String> lost) {
        var done = new CompletableFuture<Void>();
        changes.add(new Lost(notOwned, lost, done));
        return done;
    }

    /** The oldest change fan-out has not applied yet, or null. */
    Change poll() {
        return changes.poll();
    }
}
