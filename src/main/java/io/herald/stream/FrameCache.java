package io.herald.stream;

import io.herald.core.EventCodec;
import io.herald.core.StoredEvent;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The frames of the last resource events streamed or replayed, by seq. A reconnect storm (every browser of a
 * hot resource back at once with its Last-Event-ID) replays the same few events to thousands of clients: each is
 * read, decoded and encoded once, not once per client. At most {@link #SLOTS} frames of at most
 * {@link #MAX_BYTES} each are kept (under 8 MB; ~0.5 MB for typical events).
 */
final class FrameCache {
    static final int SLOTS = 1024;
    static final int MAX_BYTES = 8 * 1024;

    private final Journal journal;
    private final AtomicReferenceArray<StreamClient.Frame> slots = new AtomicReferenceArray<>(SLOTS);

    FrameCache(Journal journal) {
        this.journal = journal;
    }

    /** The frame of a resource event, kept for replays. */
    StreamClient.Frame resourceFrame(StoredEvent e) {
        StreamClient.Frame f = new StreamClient.Frame(e.seq(), StreamMessages.resourceEvent(e), e.tenant());
        if (f.bytes().length <= MAX_BYTES) slots.set(slot(e.seq()), f);
        return f;
    }

    /** The frame of the resource event at {@code seq}, or null when retention deleted it. */
    StreamClient.Frame resourceFrame(long seq) {
        StreamClient.Frame f = slots.get(slot(seq));
        if (f != null && f.seq() == seq) return f;
        JournalEntry e = journal.read(seq);
        return e == null ? null : resourceFrame(EventCodec.decode(e.seq(), e.bytes()).event());
    }

    private static int slot(long seq) {
        return (int) (seq & (SLOTS - 1));
    }
}
