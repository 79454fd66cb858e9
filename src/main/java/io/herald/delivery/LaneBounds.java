package io.herald.delivery;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Backpressure per subscription: how many of a lane's fan-out deliveries wait for their first start. Fan-out
 * reserves a place before it queues one and the scheduler frees it when it starts: a lane that is full leaves
 * its deliveries in the journal (fan-out keeps a cursor for it) instead of the heap, and no other lane waits.
 */
final class LaneBounds {
    private final int max;
    private final ConcurrentHashMap<String, AtomicInteger> waiting = new ConcurrentHashMap<>();

    LaneBounds(int max) {
        this.max = max;
    }

    /** False when the lane is full. */
    boolean tryReserve(String subscriptionId) {
        AtomicInteger n = waiting.computeIfAbsent(subscriptionId, k -> new AtomicInteger());
        if (n.incrementAndGet() <= max) return true;
        n.decrementAndGet();
        return false;
    }

    /** Room for at least half a lane again: worth a catch-up read. */
    boolean roomy(String subscriptionId) {
        AtomicInteger n = waiting.get(subscriptionId);
        return n == null || n.get() <= max / 2;
    }

    void free(String subscriptionId) {
        AtomicInteger n = waiting.get(subscriptionId);
        if (n != null) n.decrementAndGet();
    }
}
