package io.herald.core;

import java.util.Arrays;

/**
 * A growable, sorted list of seqs: one resource's events, one subscription's delivery records; an index that
 * saves scanning a journal. Eight bytes an entry.
 */
public final class SeqList {
    private long[] seqs = new long[4];
    private int size;

    public synchronized void add(long seq) {
        if (size == seqs.length) seqs = Arrays.copyOf(seqs, size * 2);
        seqs[size++] = seq;
    }

    /** The seqs greater than {@code after}, in order. */
    public synchronized long[] after(long after) {
        int i = Arrays.binarySearch(seqs, 0, size, after);
        int from = i >= 0 ? i + 1 : -i - 1;
        return Arrays.copyOfRange(seqs, from, size);
    }

    /** Drops seqs below {@code first}, which retention deleted. */
    public synchronized void dropBelow(long first) {
        int i = Arrays.binarySearch(seqs, 0, size, first);
        int from = i >= 0 ? i : -i - 1;
        if (from == 0) return;
        System.arraycopy(seqs, from, seqs, 0, size - from);
        size -= from;
    }
}
