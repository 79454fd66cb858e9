package io.herald.core;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.LongFunction;

/**
 * The last few thousand small events ingest appended, already decoded. The stream tailer and fan-out follow
 * close behind ingest and used to parse every entry again (each decode a full JSON tree: 45% of CPU under batch
 * ingest); with this they parse only what they fall too far behind to find here.
 *
 * <p>An entry goes as soon as every {@link Follower} has read it. Kept until 8,192 later events overwrote it, every
 * decoded event lived for seconds at moderate rates (8 s at 1,000 events/s): each young collection copied ~8 MB
 * of them (15-30 ms pauses, the tail of P5 spread's latency) and promoted the rest, which filled the old generation
 * towards full collections.
 */
public final class RecentEvents {
    private static final int SLOTS = 8192; // a power of two
    /** bigger entries are not kept: the slots' worst case stays a few tens of MB of heap */
    private static final int MAX_BYTES = 2048;

    private final AtomicReferenceArray<EventCodec.Decoded> slots = new AtomicReferenceArray<>(SLOTS);
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    /** the seq last given to {@link #put}, kept or not; written by ingest under its lock */
    private volatile long offered;

    /** Called by ingest once the entry is in the journal. */
    public void put(EventCodec.Decoded d, int encodedBytes) {
        long seq = d.event().seq();
        if (encodedBytes > MAX_BYTES) {
            offered = seq;
            return;
        }
        slots.set(slot(seq), d);
        offered = seq; // after the slot: a reader that sees it put and no entry knows it is not kept (see putYet)
        // every follower may have read the entry from the journal before it came here: then nobody would take it
        if (readByAll(seq)) slots.compareAndSet(slot(seq), d, null);
    }

    /**
     * The entry at {@code seq} decoded: from here when it is, else parsed from {@code bytes}. Callers must not
     * change the returned event: others share it. Reading here marks nothing read: see {@link Follower}.
     */
    public EventCodec.Decoded decode(long seq, byte[] bytes) {
        EventCodec.Decoded d = slots.get(slot(seq));
        return d != null && d.event().seq() == seq ? d : EventCodec.decode(seq, bytes);
    }

    /**
     * A reader that follows the journal in seq order, on one thread at a time: the entries it has read go once every
     * follower has read them. A follower that stops reading keeps entries here only until they are overwritten,
     * as if there were no followers.
     */
    public Follower follower() {
        Follower f = new Follower();
        followers.add(f);
        return f;
    }

    private boolean readByAll(long seq) {
        for (Follower f : followers) if (f.readTo < seq) return false;
        return true;
    }

    private static int slot(long seq) {
        return (int) (seq & (SLOTS - 1));
    }

    public final class Follower {
        /** Seqs up to this were read; written by one thread at a time (the follower's, or its lock's holder). */
        private volatile long readTo;

        private Follower() {}

        /**
         * As {@link RecentEvents#decode}, and marks {@code seq} read. Each follower writes its mark before it reads
         * the others', so of two followers reading the same entry at once at least one sees both marks and lets it go.
         */
        public EventCodec.Decoded decode(long seq, byte[] bytes) {
            int slot = slot(seq);
            EventCodec.Decoded d = slots.get(slot);
            boolean here = d != null && d.event().seq() == seq;
            if (seq > readTo) readTo = seq;
            if (!here) return EventCodec.decode(seq, bytes);
            if (readByAll(seq)) slots.compareAndSet(slot, d, null);
            return d;
        }

        /**
         * As {@link #decode(long, byte[])} for an entry read with {@link #missing} as the journal reader's copy
         * test: {@code bytes} null means the entry was here when the reader looked. If ingest has overwritten it
         * since (it went a whole cache ahead in between), it is read again with {@code journal}.
         */
        public EventCodec.Decoded decode(long seq, byte[] bytes, LongFunction<byte[]> journal) {
            if (bytes != null) return decode(seq, bytes);
            EventCodec.Decoded d = take(seq);
            return d != null ? d : decode(seq, journal.apply(seq));
        }

        /**
         * Whether ingest has given the entry at {@code seq} to {@link #put} yet (kept or not). An entry that is not
         * here and not put yet is still on its way: the thread appending it puts it next.
         */
        public boolean putYet(long seq) {
            return seq <= offered;
        }

        /** Whether the entry at {@code seq} is not here (now): a reader of the journal needs its bytes. */
        public boolean missing(long seq) {
            return peek(seq) == null;
        }

        /** The entry at {@code seq} if it is here, else null; marks nothing. */
        public EventCodec.Decoded peek(long seq) {
            EventCodec.Decoded d = slots.get(slot(seq));
            return d != null && d.event().seq() == seq ? d : null;
        }

        /**
         * The entry at {@code seq} if it is here, marked read; else null, and nothing marked (it was never kept, is
         * gone, or ingest has not put it yet): the caller reads it from the journal instead.
         */
        public EventCodec.Decoded take(long seq) {
            int slot = slot(seq);
            EventCodec.Decoded d = slots.get(slot);
            if (d == null || d.event().seq() != seq) return null;
            if (seq > readTo) readTo = seq;
            if (readByAll(seq)) slots.compareAndSet(slot, d, null);
            return d;
        }

        /** An entry read again, behind this follower's mark (a lane catching up): marks nothing. */
        public EventCodec.Decoded reread(long seq, byte[] bytes) {
            return RecentEvents.this.decode(seq, bytes);
        }
    }
}
