package io.herald.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.wire.DocumentContext;

/** One tailer moved from entry to entry for point look-ups: see {@link ChronicleJournal#lookup()}. */
public final class ChronicleLookup implements AutoCloseable {
    private final ChronicleJournal journal;
    private final ExcerptTailer tailer;

    ChronicleLookup(ChronicleJournal journal, ExcerptTailer tailer) {
        this.journal = journal;
        this.tailer = tailer;
    }

    /** The entry at {@code seq}, or null when it is not retained (or not written yet). */
    public JournalEntry at(long seq) {
        long index = seq < journal.firstSeq() ? -1 : journal.indexOf(seq);
        if (index < 0 || !tailer.moveToIndex(index)) return null;
        IndexHolders.keep(tailer);
        try (DocumentContext dc = tailer.readingDocument()) {
            if (!dc.isPresent()) return null;
            Bytes<?> in = dc.wire().bytes();
            if (in.readLong() != seq) return null;
            byte[] bytes = new byte[(int) in.readRemaining()];
            in.read(bytes);
            return new JournalEntry(seq, bytes);
        }
    }

    @Override
    public void close() {
        tailer.close();
    }
}
