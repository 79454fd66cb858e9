package io.herald.stream;

import io.herald.core.EventCodec;
import io.herald.core.ResourceRef;
import io.herald.core.SeqList;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;

/** A resource's seqs that {@link StreamHub}'s index forgot, found in the journal for a replay that reaches back. */
final class OlderSeqs {
    private OlderSeqs() {}

    /**
     * The seqs of {@code ref}'s events in {@code (after, upTo]}, from the journal: entries without the resource's
     * bytes are passed over undecoded.
     */
    static long[] of(Journal journal, ResourceRef ref, long after, long upTo) {
        byte[] needle = EventCodec.resourceNeedle(ref);
        SeqList found = new SeqList();
        try (Journal.Tail t = journal.tail(after)) {
            for (JournalEntry e; (e = t.next()) != null && e.seq() <= upTo; ) {
                if (!EventCodec.contains(e.bytes(), needle)) continue;
                EventCodec.Decoded d = EventCodec.decode(e.seq(), e.bytes());
                // as StreamHub indexes them: a subscription's test event is not news for streams
                if (d.target() == null && ref.equals(d.event().resource())) found.add(e.seq());
            }
        }
        return found.after(0);
    }
}
