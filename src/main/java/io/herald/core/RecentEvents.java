package io.herald.core;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The last few thousand small events ingest appended, already decoded. The stream tailer and fan-out follow
 * close behind ingest and used to parse every entry again (each decode a full JSON tree: 45% of CPU under batch
 * ingest); with this they parse only what they fall too far behind to find here.
 */
public final class RecentEvents {
    private static final int SLOTS = 8192; // a power of two
    /** bigger entries are not kept: the slots' worst case stays a few tens of MB of heap */
    private static final int MAX_BYTES = 2048;

    private final AtomicReferenceArray<EventCodec.Decoded> slots = new AtomicReferenceArray<>(SLOTS);

    /** Called by ingest once the entry is in the journal. */
    public void put(EventCodec.Decoded d, int encodedBytes) {
        if (encodedBytes <= MAX_BYTES) slots.set(slot(d.event().seq()), d);
    }

    /**
     * The entry at {@code seq} decoded: from here when it is, else parsed from {@code bytes}. Callers must not
     * change the returned event: others share it.
     */
    public EventCodec.Decoded decode(long seq, byte[] bytes) {
        EventCodec.Decoded d = slots.get(slot(seq));
        return d != null && d.event().seq() == seq ? d : EventCodec.decode(seq, bytes);
    }

    private static int slot(long seq) {
        return (int) (seq & (SLOTS - 1));
    }
}
