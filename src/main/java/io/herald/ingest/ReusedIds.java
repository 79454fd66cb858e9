package io.herald.ingest;

import io.herald.core.EventCodec;
import io.herald.core.EventIds;
import io.herald.core.HeraldException;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.IntFunction;

/**
 * CONTRACT 3.1: an event id is never shared by two events, or receivers that dedupe on webhook-id drop the second.
 * A producer id that is not a repeat (same key or same id within 24 h) but names an event Herald holds is a 409.
 * Two hash lookups per producer id; the journal is read only for an id in the shape of Herald's own, which names
 * its seq. Holds no state: {@link Ingest} calls it under its lock, on the state it owns.
 */
final class ReusedIds {
    private final IngestState state;
    private final Journal journal;

    ReusedIds(IngestState state, Journal journal) {
        this.state = state;
        this.journal = journal;
    }

    /**
     * @param keyAt the idempotency key of the i-th post
     * @param batch whether the refusal names each reused id of the batch, or is about one event
     * @throws HeraldException 409 conflict when any post reuses another event's id
     */
    void refuse(List<NewEvent> events, IntFunction<String> keyAt, Instant now, boolean batch) {
        List<HeraldException.Detail> reused = null;
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).producerId() == null) continue;
            String why = reuseOf(events.get(i), keyAt.apply(i), now);
            if (why == null) continue;
            if (reused == null) reused = new ArrayList<>();
            reused.add(new HeraldException.Detail(i, why));
        }
        if (reused == null) return;
        if (!batch) throw HeraldException.conflict(reused.get(0).message());
        throw new HeraldException(409, "conflict", reused.size() + " of " + events.size()
                + " events reuse the id of another event; nothing was accepted", reused, null);
    }

    /** Why this post's producer id may not be used (it names another event), or null when it may. */
    String reuseOf(NewEvent e, String key, Instant now) {
        String id = e.producerId();
        if (id == null) return null;
        if (key != null && state.idempotent(key, now) != null) return null; // a repeat, not a reuse
        if (state.idempotent(Ingest.PRODUCER_ID + id, now) != null) return null;
        String owner = ownerOf(id);
        return owner == null ? null
                : "id \"" + id + "\" is already the id of " + owner + "; an event id is never shared by two events";
    }

    /** Which event already holds this id, in words, or null when none does. */
    private String ownerOf(String id) {
        Long seq = state.seqOfProducerId(id);
        if (seq != null) return "another event (seq " + seq + ")";
        OptionalLong made = EventIds.seqOf(id);
        if (made.isEmpty() || made.getAsLong() > journal.lastSeq()) return null;
        JournalEntry entry = journal.read(made.getAsLong());
        if (entry == null || !EventCodec.decode(entry.seq(), entry.bytes()).event().id().equals(id)) return null;
        return "an event Herald made (seq " + made.getAsLong() + ")";
    }
}
