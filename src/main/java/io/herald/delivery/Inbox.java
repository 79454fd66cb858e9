package io.herald.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * How everyone else reaches the scheduler: fan-out, HTTP completions, requeues and the restart loader each send a
 * message, and the scheduler thread alone applies them to the state it owns. No lock is shared with a sender.
 */
final class Inbox {
    /** What the scheduler is told. */
    sealed interface Message {}

    /** A delivery to queue; {@code opens} when fan-out made it, so that it holds the checkpoint back until final. */
    record Add(Delivery delivery, boolean opens) implements Message {}

    /** An attempt ended; {@code retry} when the delivery waits for another, false when it is final. */
    record Finished(Delivery delivery, boolean retry) implements Message {}

    /** Make a delivery waiting for its retry due now. */
    record Expedite(DeliveryId id) implements Message {}

    /**
     * A lane is behind from {@code seq}: the checkpoint must stay below it until {@link Release}. Sent before
     * fan-out publishes that it got past {@code seq}.
     */
    record Hold(long seq, String subscriptionId) implements Message {}

    record Release(long seq, String subscriptionId) implements Message {}

    /**
     * Cluster mode: this node no longer delivers the subscriptions {@code lost} picks (fan-out already makes
     * none). Drop what waits, let the attempts in flight finish, release fan-out's cursors held at {@code held}
     * (which fan-out dropped), then tell {@link DeliveryProgress#released} and complete {@code done}.
     */
    record Leave(java.util.function.Predicate<String> lost, java.util.List<Long> held,
                 java.util.concurrent.CompletableFuture<Void> done) implements Message {}

    /**
     * Complete {@code keepFromSeq} with the oldest seq retention must keep, counting every event fan-out finished
     * before this was sent: fan-out does not wake the scheduler for each event it finishes, so retention asks.
     */
    record Report(java.util.concurrent.CompletableFuture<Long> keepFromSeq) implements Message {}

    private final ConcurrentLinkedQueue<Message> queue = new ConcurrentLinkedQueue<>();
    private final Waiter waiter;

    Inbox(Waiter waiter) {
        this.waiter = waiter;
    }

    void send(Message m) {
        queue.add(m);
        waiter.wake();
    }

    Message poll() {
        return queue.poll();
    }

    boolean isEmpty() {
        return queue.isEmpty();
    }
}
