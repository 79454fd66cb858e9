package io.herald.delivery;

/**
 * What the scheduler tells of each subscription's progress, for cluster mode's per-subscription resume points (a
 * new owner resumes a subscription from the seq up to which all its deliveries are final). Alone on one machine
 * nobody listens ({@link #NONE}): the one checkpoint of every subscription ({@code dispatch.checkpoint}) is enough.
 *
 * <p>Called on the scheduler thread alone, in the order things happened: an implementation answers at once and
 * never blocks (it hands any write to a thread of its own). For each subscription, every {@link #opened} is
 * followed by one {@link #closed} of the same seq once final, unless the node stops first or the subscription is
 * {@link #released} (its deliveries dropped unfinished are never closed here: their next owner finishes them).
 */
public interface DeliveryProgress {
    DeliveryProgress NONE = new DeliveryProgress() {
        @Override
        public void opened(String subscriptionId, long seq) {}

        @Override
        public void closed(String subscriptionId, long seq) {}

        @Override
        public void fannedOutTo(long seq) {}

        @Override
        public void checkpoint() {}

        @Override
        public void released(java.util.function.Predicate<String> lost) {}
    };

    /** Fan-out made the subscription's delivery of event {@code seq}, or its lane fell behind from {@code seq}. */
    void opened(String subscriptionId, long seq);

    /** That delivery is final, or the lane caught up from {@code seq}. */
    void closed(String subscriptionId, long seq);

    /** Fan-out has been through every event up to {@code seq}. */
    void fannedOutTo(long seq);

    /** The scheduler saves its checkpoint (about once a second): the moment to write what moved since the last. */
    void checkpoint();

    /**
     * This node no longer delivers the subscriptions {@code lost} picks, and none of their deliveries is queued
     * or in flight here any more: what they reached is final now (write it for the next owner), and nothing
     * more is told of them until they are gained again. Their deliveries dropped unfinished were never
     * {@link #closed}: they hold each one's point below them.
     */
    void released(java.util.function.Predicate<String> lost);
}
