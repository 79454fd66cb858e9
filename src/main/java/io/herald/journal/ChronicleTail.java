package io.herald.journal;

import java.util.function.LongPredicate;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * {@link ChronicleJournal}'s tail: one Chronicle tailer, read from entry to entry. Each document starts with its
 * seq; a filler's is negative (a seq the replica skipped), so it is passed over like anything at or below
 * {@code after}.
 */
final class ChronicleTail implements Journal.Tail {
    private final ExcerptTailer tailer;
    private long after;
    /** the cycle the tailer read last: entering the next one uses that file's index, on this thread */
    private int cycle;

    ChronicleTail(ExcerptTailer tailer, long after) {
        this.tailer = tailer;
        this.after = after;
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
        after = Math.max(after, seq); // next() reads each entry's seq before its bytes
    }

    @Override
    public void close() {
        tailer.close();
    }
}
