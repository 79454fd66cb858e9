package io.herald.delivery;

/**
 * Which subscriptions this node delivers to. Alone on one machine a node owns every subscription
 * ({@link #EVERYTHING}); in cluster mode (CONTRACT 11) the node owning a partition of the deliveries topic owns the
 * subscriptions whose ids hash to it, and ownership moves when nodes come and go.
 *
 * <p>Asked by fan-out for each subscription of each event, on the fan-out thread: an implementation answers from
 * memory without blocking, and may change its answer at any time (a rebalance). Fan-out makes no delivery, and
 * records no skip, for a subscription it does not own: its owner does. What the new owner redoes after a move is
 * the dispatcher's concern, not this interface's.
 */
@FunctionalInterface
public interface Ownership {
    /** The local default: one node delivers everything. */
    Ownership EVERYTHING = subscriptionId -> true;

    /** Whether this node delivers to the subscription now. Any thread, never blocks. */
    boolean owns(String subscriptionId);
}
