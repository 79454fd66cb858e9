package io.herald.cluster;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The resume point of each subscription a node owns: the seq up to which every delivery of that subscription is
 * recorded final, so that a new owner needs to look at nothing before it. The per-subscription form of the local
 * checkpoint ({@code delivery.OpenDeliveries}): the first event with a delivery of the subscription still open
 * (or not made yet: a lane behind its cursor) holds the point back; with none, it is how far fan-out got. Pure and
 * not thread-safe: the dispatcher's scheduler owns it, as it owns OpenDeliveries, and hands {@link #moved} to
 * {@link ResumePoints}.
 */
public final class ResumeTracker {
    /** per subscription: open deliveries (or a held cursor) per event seq */
    private final Map<String, TreeMap<Long, Integer>> open = new HashMap<>();
    private final Map<String, Long> reported = new HashMap<>();
    private long fannedOutTo;

    /** @param fannedOutTo where fan-out starts: nothing before it is open */
    public ResumeTracker(long fannedOutTo) {
        this.fannedOutTo = fannedOutTo;
    }

    /** Fan-out made a delivery of event {@code seq} for the subscription (or its lane stopped there, behind). */
    public void opened(String subscriptionId, long seq) {
        open.computeIfAbsent(subscriptionId, k -> new TreeMap<>()).merge(seq, 1, Integer::sum);
    }

    /** That delivery is final (succeeded, failed for good, skipped), or the lane caught up from there. */
    public void closed(String subscriptionId, long seq) {
        TreeMap<Long, Integer> m = open.get(subscriptionId);
        if (m == null) return;
        m.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
        if (m.isEmpty()) open.remove(subscriptionId);
    }

    /** Fan-out has been through every event up to {@code seq}. Never goes back. */
    public void fannedOutTo(long seq) {
        fannedOutTo = Math.max(fannedOutTo, seq);
    }

    /** Every delivery of the subscription for an event up to this seq is final. */
    public long point(String subscriptionId) {
        TreeMap<Long, Integer> m = open.get(subscriptionId);
        return m == null ? fannedOutTo : Math.min(fannedOutTo, m.firstKey() - 1);
    }

    /**
     * The points of these subscriptions that moved past what this method last answered for them, in the order
     * given: what to write now. A point that did not move is not written again.
     */
    public Map<String, Long> moved(Collection<String> subscriptionIds) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String id : subscriptionIds) {
            long p = point(id);
            Long before = reported.get(id);
            if (before == null || p > before) {
                out.put(id, p);
                reported.put(id, p);
            }
        }
        return out;
    }

    /** The subscriptions whose points this tracker has reported (and not forgotten since). */
    public java.util.Set<String> reported() {
        return java.util.Set.copyOf(reported.keySet());
    }

    /** A subscription this node no longer owns: its next owner reports it; if it comes back, report it again. */
    public void forget(String subscriptionId) {
        open.remove(subscriptionId);
        reported.remove(subscriptionId);
    }
}
