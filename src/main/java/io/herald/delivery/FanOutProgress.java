package io.herald.delivery;

import java.util.HashSet;
import java.util.Set;

/**
 * The subscriptions fan-out has already made a delivery for, for the one event it is on. A fan-out that fails
 * part-way is run again from the same event (its loop restarts from the last event it finished): with this,
 * the subscriptions served before the failure are not given the delivery a second time. Owned by the fan-out
 * thread alone.
 */
final class FanOutProgress {
    private long seq = -1;
    private final Set<String> done = new HashSet<>();

    /** True when the subscription already has its delivery of event {@code seq}. */
    boolean done(long seq, String subscriptionId) {
        return this.seq == seq && done.contains(subscriptionId);
    }

    /** The subscription has its delivery of event {@code seq} (queued, skipped, or found final after a restart). */
    void mark(long seq, String subscriptionId) {
        if (this.seq != seq) {
            this.seq = seq;
            done.clear();
        }
        done.add(subscriptionId);
    }
}
