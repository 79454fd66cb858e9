package io.herald.delivery;

import java.util.TreeMap;

/**
 * Checkpoint tracking: which events still have a delivery that is not final. The checkpoint is the seq below
 * which every delivery is final: the first open event, a lane held behind, or else how far fan-out got. Not
 * thread-safe: the scheduler owns it.
 */
final class OpenDeliveries {
    /** open fan-out deliveries per event seq; its first key holds the checkpoint back */
    private final TreeMap<Long, Integer> bySeq = new TreeMap<>();
    /** seqs from which a lane's deliveries are not made yet (fan-out's cursor per lane), counted */
    private final TreeMap<Long, Integer> held = new TreeMap<>();
    private long fannedOutTo;

    OpenDeliveries(long fannedOutTo) {
        this.fannedOutTo = fannedOutTo;
    }

    void open(long seq) {
        bySeq.merge(seq, 1, Integer::sum);
    }

    void close(long seq) {
        bySeq.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
    }

    void hold(long seq) {
        held.merge(seq, 1, Integer::sum);
    }

    void release(long seq) {
        held.computeIfPresent(seq, (k, n) -> n == 1 ? null : n - 1);
    }

    void fannedOutTo(long seq) {
        fannedOutTo = Math.max(fannedOutTo, seq);
    }

    /** Every delivery of every event up to this seq is final. */
    long safeSeq() {
        long safe = fannedOutTo;
        if (!bySeq.isEmpty()) safe = Math.min(safe, bySeq.firstKey() - 1);
        if (!held.isEmpty()) safe = Math.min(safe, held.firstKey() - 1);
        return safe;
    }
}
