package io.herald.core;

import java.util.Arrays;

/**
 * A growable, sorted list of seqs (each at least 1): one resource's events, one subscription's delivery records; an
 * index that saves scanning a journal. Runs of consecutive seqs are kept as a run, so an index costs eight bytes per
 * seq that does not follow the one before it, and sixteen per run however long: a resource or subscription that
 * has the journal to itself (P1 posts millions of events to one resource) is indexed in a few bytes.
 *
 * <p>A list made by {@link #keepingAbout} holds only about the newest entries: past its size it forgets the oldest
 * half, and {@link #window} says up to which seq it may miss some (its floor). Events spread over a few resources
 * (P2 posts round-robin to ten) have no runs, and unbounded lists held 335 MB of seqs after P1-P3, which the
 * collector copied in full collections of 60-110 ms; a client asking for older seqs reads the journal for them.
 *
 * <p>Encoding: {@code entries} holds seqs in ascending order; an entry {@code -n} right after a seq {@code s} means
 * the run goes on to {@code s + n}. Seqs must be added in ascending order.
 */
public final class SeqList {
    private static final int MIN_CAPACITY = 4;

    private final int maxEntries;
    private long[] entries = new long[MIN_CAPACITY];
    private int size;
    /** Seqs at or below it may have been forgotten (see {@link #keepingAbout}); 0 for a list that forgets none. */
    private long floor;

    /** A list that holds every seq added (until {@link #dropBelow}). */
    public SeqList() {
        this(Integer.MAX_VALUE);
    }

    private SeqList(int maxEntries) {
        this.maxEntries = maxEntries;
    }

    /** A list that holds between {@code entries / 2} and {@code entries} entries of the newest seqs. */
    public static SeqList keepingAbout(int entries) {
        if (entries < 4) throw new IllegalArgumentException("a bounded list keeps at least 4 entries");
        return new SeqList(entries);
    }

    /**
     * The seqs held that are greater than {@code after}, and the floor at or below which seqs may be missing: a
     * caller with {@code after < floor} finds the seqs in {@code (after, floor]} elsewhere.
     */
    public record Window(long floor, long[] seqs) {}

    public synchronized Window window(long after) {
        return new Window(floor, after(after));
    }

    public synchronized void add(long seq) {
        if (seq < 1) throw new IllegalArgumentException("seq " + seq + " is not positive");
        if (size > 0) {
            long last = entries[size - 1];
            if (last < 0 ? seq == entries[size - 2] - last + 1 : seq == last + 1) {
                if (last < 0) entries[size - 1]--; // the run grows by one
                else append(-1); // a run of two
                return;
            }
            long greatest = last < 0 ? entries[size - 2] - last : last;
            if (seq <= greatest) throw new IllegalArgumentException("seq " + seq + " is not after " + greatest);
        }
        append(seq);
    }

    private void append(long entry) {
        if (size == maxEntries) forgetOldestHalf();
        if (size == entries.length) entries = Arrays.copyOf(entries, Math.min(size * 2, maxEntries));
        entries[size++] = entry;
    }

    /** Drops the older half of the entries, at a run's start, and raises the floor to the last seq dropped. */
    private void forgetOldestHalf() {
        int keepFrom = size / 2;
        if (entries[keepFrom] < 0) keepFrom++; // a run's length stays with its start
        floor = end(keepFrom - (entries[keepFrom - 1] < 0 ? 2 : 1));
        System.arraycopy(entries, keepFrom, entries, 0, size - keepFrom);
        size -= keepFrom;
    }

    /** The seqs greater than {@code after}, in order. */
    public synchronized long[] after(long after) {
        int from = lastRunFrom(after);
        if (from < 0) from = 0;
        long count = 0;
        for (int i = from; i < size; i = next(i)) count += Math.max(0, end(i) - Math.max(entries[i], after + 1) + 1);
        long[] out = new long[Math.toIntExact(count)];
        int k = 0;
        for (int i = from; i < size; i = next(i)) {
            for (long s = Math.max(entries[i], after + 1), end = end(i); s <= end; s++) out[k++] = s;
        }
        return out;
    }

    public synchronized boolean isEmpty() {
        return size == 0;
    }

    /** The number of seqs held (for tests). */
    synchronized long count() {
        long n = 0;
        for (int i = 0; i < size; i = next(i)) n += end(i) - entries[i] + 1;
        return n;
    }

    /** Drops seqs below {@code first}, which retention deleted, and gives back memory the list no longer needs. */
    public synchronized void dropBelow(long first) {
        int run = lastRunFrom(first - 1);
        if (run < 0) return; // nothing below first
        int keepFrom;
        if (end(run) < first) {
            keepFrom = next(run); // the whole run is below first
        } else {
            // the run straddles first: it now starts at first
            long end = end(run);
            entries[run] = first;
            if (next(run) == run + 2) {
                if (end == first) {
                    // a run of one: its length entry goes
                    System.arraycopy(entries, run + 2, entries, run + 1, size - run - 2);
                    size--;
                } else {
                    entries[run + 1] = first - end;
                }
            }
            keepFrom = run;
        }
        System.arraycopy(entries, keepFrom, entries, 0, size - keepFrom);
        size -= keepFrom;
        if (entries.length > MIN_CAPACITY && size < entries.length / 4) {
            entries = Arrays.copyOf(entries, Math.max(MIN_CAPACITY, size * 2));
        }
    }

    /** The entries held: eight bytes each (for tests and sizing). */
    synchronized int entries() {
        return size;
    }

    /** Index of the start of the last run whose first seq is at most {@code seq}; -1 when there is none. */
    private int lastRunFrom(long seq) {
        int lo = 0, hi = size - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int start = entries[mid] < 0 ? mid - 1 : mid;
            if (entries[start] <= seq) {
                found = start;
                lo = mid + 1;
            } else {
                hi = start - 1;
            }
        }
        return found;
    }

    /** The last seq of the run starting at entry {@code i}. */
    private long end(int i) {
        return i + 1 < size && entries[i + 1] < 0 ? entries[i] - entries[i + 1] : entries[i];
    }

    /** The entry where the run after the one starting at {@code i} starts. */
    private int next(int i) {
        return i + 1 < size && entries[i + 1] < 0 ? i + 2 : i + 1;
    }
}
