package io.herald.journal;

import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@link ChronicleJournal}'s tail: one Chronicle tailer, read from entry to entry. Each document starts with its
 * seq; a filler's is negative (a seq the replica skipped), so it is passed over like anything at or below
 * {@code after}.
 */
final class ChronicleTail implements Journal.Tail {
    /**
     * How far ahead {@link #skipThrough} moves the tailer by the index instead of reading on: the stream tailer,
     * woken by its 200 ms round behind posters that published everything, walked ~80,000 headers each time at
     * P2's rates (1.6% of CPU); Chronicle moves to an index without scanning.
     */
    static final long JUMP = 4096;

    private final ExcerptTailer tailer;
    /** the journal's index of a retained seq, -1 for one it does not hold ({@link ChronicleJournal#indexOf}) */
    private final LongUnaryOperator indexOf;
    private long after;
    /** about the seq of the document the tailer read last (where it is, not what is wanted) */
    private long at;
    /** the cycle the tailer read last: entering the next one uses that file's index, on this thread */
    private int cycle;

    ChronicleTail(ExcerptTailer tailer, long after, LongUnaryOperator indexOf) {
        this.tailer = tailer;
        this.after = after;
        this.at = after;
        this.indexOf = indexOf;
        this.cycle = tailer.cycle();
    }

    @Override
    public JournalEntry next() {
        return next(seq -> true);
    }

    @Override
    public JournalEntry next(LongPredicate copy) {
        while (true) {
            try (DocumentContext dc = tailer.readingDocument()) {
                if (!dc.isPresent()) return null;
                if (tailer.cycle() != cycle) {
                    cycle = tailer.cycle();
                    IndexHolders.keep(tailer); // else each collection leaks a reservation of the new file's chunk
                }
                Bytes<?> in = dc.wire().bytes();
                long seq = in.readLong();
                at = Math.abs(seq);
                if (seq <= after) continue; // also a filler (negative)
                byte[] bytes = null;
                if (copy.test(seq)) {
                    bytes = new byte[(int) in.readRemaining()];
                    in.read(bytes);
                }
                after = seq;
                return new JournalEntry(seq, bytes);
            }
        }
    }

    @Override
    public void skipThrough(long seq) {
        if (seq <= after) return;
        after = seq; // next() reads each entry's seq before its bytes
        if (seq - at > JUMP) jumpTo(seq);
    }

    /** Moves the tailer past {@code seq} by the index; where that cannot be done it stays, and next() reads on. */
    private void jumpTo(long seq) {
        long index = indexOf.applyAsLong(seq);
        if (index < 0) return;
        long was = tailer.index();
        if (!tailer.moveToIndex(index)) {
            tailer.moveToIndex(was);
            return;
        }
        CycleScan.readSeq(tailer); // seq itself: the next read is the entry after it
        at = seq;
        if (tailer.cycle() != cycle) {
            cycle = tailer.cycle();
            IndexHolders.keep(tailer);
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
