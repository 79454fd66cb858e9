package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Recent events are shared by their followers and go once every follower has read them. */
class RecentEventsTest {
    static final Instant AT = Instant.parse("2026-11-30T10:00:00Z");

    static StoredEvent event(long seq) {
        return new StoredEvent("evt_" + seq, seq, "a.b", AT, null, Json.MAPPER.createObjectNode().put("n", seq), null);
    }

    static byte[] bytes(StoredEvent e) {
        return EventCodec.encode(e, null, Json.bytes(e.data()), null, null);
    }

    /** Ingest's side: the entry decoded as it was appended. */
    static EventCodec.Decoded put(RecentEvents recent, long seq) {
        EventCodec.Decoded d = new EventCodec.Decoded(event(seq), null, null);
        recent.put(d, bytes(d.event()).length);
        return d;
    }

    @Test
    void each_follower_gets_the_shared_entry_and_the_last_one_to_read_it_lets_it_go() {
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower streams = recent.follower();
        RecentEvents.Follower fanOut = recent.follower();
        EventCodec.Decoded d = put(recent, 1);
        byte[] bytes = bytes(d.event());

        assertSame(d, streams.decode(1, bytes), "the first follower reads it from memory");
        assertSame(d, recent.decode(1, bytes), "still kept: the other follower has not read it");
        assertSame(d, fanOut.decode(1, bytes), "the last follower reads it from memory too");
        EventCodec.Decoded again = recent.decode(1, bytes);
        assertNotSame(d, again, "gone once both read it: parsed from the journal's bytes instead");
        assertEquals(1, again.event().seq());
        assertEquals(1, again.event().data().get("n").asInt());
    }

    @Test
    void an_entry_read_without_its_bytes_comes_from_memory_or_when_overwritten_meanwhile_from_the_journal() {
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower f = recent.follower();
        recent.follower(); // another that never reads: entries stay until overwritten
        EventCodec.Decoded kept = put(recent, 3);
        assertFalse(f.missing(3));
        assertTrue(f.missing(4), "never put");
        assertSame(kept, f.decode(3, null, seq -> fail("read from the journal though it was here")));

        EventCodec.Decoded old = put(recent, 7);
        assertFalse(f.missing(7)); // the reader left its bytes in the journal...
        put(recent, 7 + 8192); // ...and ingest went a whole cache ahead before the decode
        List<Long> read = new ArrayList<>();
        EventCodec.Decoded again = f.decode(7, null, seq -> {
            read.add(seq);
            return bytes(old.event());
        });
        assertEquals(List.of(7L), read, "read once, at its seq");
        assertEquals(7, again.event().seq());
        assertEquals(7, again.event().data().get("n").asInt());
    }

    @Test
    void an_entry_not_here_is_told_apart_as_on_its_way_or_put_but_not_kept() {
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower f = recent.follower();
        put(recent, 1);
        assertFalse(f.putYet(2), "appended, not put yet: its poster publishes it");
        StoredEvent large = event(2);
        recent.put(new EventCodec.Decoded(large, null, null), 64 * 1024); // too large to keep
        assertNull(f.peek(2));
        assertTrue(f.putYet(2), "put but not kept: left to the tailer");
        assertTrue(f.putYet(1));
    }

    @Test
    void an_entry_every_follower_read_from_the_journal_before_it_was_put_is_not_kept() {
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower only = recent.follower();
        StoredEvent e = event(5);
        only.decode(5, bytes(e)); // the follower was quicker than ingest's put
        EventCodec.Decoded d = put(recent, 5);
        assertNotSame(d, recent.decode(5, bytes(e)));
    }

    @Test
    void a_follower_that_reads_nothing_keeps_entries_until_they_are_overwritten() {
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower reading = recent.follower();
        recent.follower(); // never reads
        EventCodec.Decoded d = put(recent, 9);
        assertSame(d, reading.decode(9, bytes(d.event())));
        assertSame(d, reading.reread(9, bytes(d.event())), "kept for the follower that has not read it");
    }

    @Test
    void peek_marks_nothing_and_take_marks_the_entry_read_as_decode_does() {
        // the stream hub's posting thread looks first, and takes only what it publishes itself
        RecentEvents recent = new RecentEvents();
        RecentEvents.Follower streams = recent.follower();
        RecentEvents.Follower fanOut = recent.follower();
        EventCodec.Decoded d = put(recent, 3);
        byte[] bytes = bytes(d.event());
        assertNull(streams.peek(4), "not put yet");
        assertNull(streams.take(4));
        assertSame(d, streams.peek(3));
        assertSame(d, fanOut.decode(3, bytes));
        assertSame(d, recent.decode(3, bytes), "kept: peeking is not reading");
        assertSame(d, streams.take(3));
        assertNotSame(d, recent.decode(3, bytes), "gone once both followers read it");
        assertNull(streams.peek(3));
    }
}
