package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.RecentEvents;
import io.herald.core.ResourceRef;
import io.herald.core.Signal;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.herald.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest's decision applied to the records of a replicated log ({@link Ingest#apply}): every node that applies the
 * same posts in the same order, whatever its own clock, holds the same events with the same seq, id and previous.
 */
class IngestReplicaTest {
    static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
    @TempDir Path dir;
    final List<Journal> opened = new ArrayList<>();

    Ingest replica(String name, Instant clockAt) {
        Journal j = new ChronicleJournal(dir.resolve(name), RollCycles.FAST_DAILY, new SettableClock(clockAt),
                new DiskGuard(0));
        opened.add(j);
        Ingest ingest = new Ingest(j, new SettableClock(clockAt), new Signal(), new RecentEvents(),
                dir.resolve(name + ".snapshot"), n -> {});
        ingest.becomeReplica();
        ingest.recover();
        return ingest;
    }

    static ObjectNode data(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static NewEvent order(String status, String producerId) {
        return new NewEvent("order.updated", data("{\"status\":\"" + status + "\"}"), new ResourceRef("order", "o1"),
                producerId);
    }

    /** The posts of a log: new events, a repeat of a header key, a repeat of a producer id, a reused Herald id. */
    static List<Post> log() {
        SplittableRandom random = new SplittableRandom(7);
        List<Post> posts = new ArrayList<>();
        posts.add(Post.of(order("new", null), "k1", random));
        posts.add(Post.of(order("paid", "pay-1"), null, random));
        posts.add(Post.of(order("paid-again", null), "k1", random)); // a repeat of the first: a gap
        posts.add(Post.of(order("shipped", "pay-1"), null, random)); // a repeat of pay-1: a gap
        posts.add(Post.of(order("done", null), null, random));
        return posts;
    }

    static List<String> journal(Ingest ingest, Journal j) {
        List<String> out = new ArrayList<>();
        try (Journal.Tail t = j.tail(0)) {
            for (JournalEntry e; (e = t.next()) != null; ) {
                out.add(EventCodec.decode(e.seq(), e.bytes()).event().toJson().toString());
            }
        }
        return out;
    }

    @AfterEach
    void close() {
        opened.forEach(Journal::close);
    }

    @Test
    void two_replicas_with_different_clocks_applying_the_same_log_hold_the_same_events() {
        Ingest a = replica("a", T0);
        Ingest b = replica("b", T0.plus(Duration.ofDays(3))); // b's clock is days ahead: it must not matter
        List<Post> posts = log();
        List<Outcome> fromA = new ArrayList<>();
        List<Outcome> fromB = new ArrayList<>();
        for (int i = 0; i < posts.size(); i++) {
            Instant at = T0.plusSeconds(i);
            fromA.add(a.apply(i + 1, at, posts.get(i)));
            fromB.add(b.apply(i + 1, at, posts.get(i)));
        }
        assertEquals(fromA, fromB);
        assertFalse(fromA.get(0).accepted().duplicate());
        assertEquals(1, fromA.get(0).accepted().seq());
        assertTrue(fromA.get(2).accepted().duplicate(), "the same Idempotency-Key");
        assertEquals(fromA.get(0).accepted().id(), fromA.get(2).accepted().id());
        assertTrue(fromA.get(3).accepted().duplicate(), "the same producer id");
        assertEquals("pay-1", fromA.get(3).accepted().id());
        assertEquals(5, fromA.get(4).accepted().seq(), "the log's seq, after a gap");
        List<String> events = journal(a, opened.get(0));
        assertEquals(events, journal(b, opened.get(1)));
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(2).contains("\"previous\":{\"status\":\"paid\"}"), events.get(2));
        assertTrue(events.get(0).contains("\"createdAt\":\"2026-11-30T06:00:00.000Z\""), "the record's time");
        assertEquals(5, opened.get(0).lastSeq());
        assertNull(opened.get(0).read(3), "a repeat leaves a gap");
    }

    @Test
    void a_reused_herald_id_in_the_log_is_refused_and_leaves_a_gap() {
        Ingest a = replica("a", T0);
        SplittableRandom random = new SplittableRandom(1);
        Accepted first = a.apply(1, T0, Post.of(order("new", null), null, random)).accepted();
        Outcome reuse = a.apply(2, T0.plusSeconds(1), Post.of(order("again", first.id()), null, random));
        assertNull(reuse.accepted());
        assertTrue(reuse.conflict().contains("is already the id of an event Herald made (seq 1)"), reuse.conflict());
        assertEquals(1, opened.get(0).lastSeq());
        assertEquals(3, a.apply(3, T0.plusSeconds(2), Post.of(order("paid", null), null, random)).accepted().seq());
    }

    @Test
    void the_idempotency_window_runs_on_the_records_time_not_the_nodes_clock() {
        Ingest a = replica("a", T0.plus(Duration.ofDays(10))); // this node's clock says every key is long expired
        SplittableRandom random = new SplittableRandom(2);
        Post first = Post.of(order("new", null), "k", random);
        a.apply(1, T0, first);
        a.prune();
        Post again = Post.of(order("new", null), "k", random);
        assertTrue(a.apply(2, T0.plus(Duration.ofHours(23)), again).accepted().duplicate(), "within 24 h");
        Outcome late = a.apply(3, T0.plus(Duration.ofHours(25)), Post.of(order("new", null), "k", random));
        assertFalse(late.accepted().duplicate(), "24 h after the first, by the records' times");
        assertEquals(3, late.accepted().seq());
    }

    @Test
    void a_replica_refuses_a_local_post() {
        Ingest a = replica("a", T0);
        assertThrows(IllegalStateException.class, () -> a.post(order("new", null), null));
        assertEquals(0, opened.get(0).lastSeq());
    }

    @Test
    void a_visible_reuse_is_refused_before_anything_is_sent_and_a_visible_repeat_is_named() {
        Ingest a = replica("a", T0);
        SplittableRandom random = new SplittableRandom(3);
        Accepted first = a.apply(1, T0, Post.of(order("new", "p-1"), null, random)).accepted();
        List<Accepted> repeats = a.visibleRepeats(List.of(Post.of(order("x", "p-1"), null, random),
                Post.of(order("y", null), null, random)), true);
        assertEquals(first.id(), repeats.get(0).id());
        assertTrue(repeats.get(0).duplicate());
        assertNull(repeats.get(1));
        String herald = a.apply(2, T0, Post.of(order("z", null), null, random)).accepted().id();
        HeraldException e = assertThrows(HeraldException.class,
                () -> a.visibleRepeats(List.of(Post.of(order("w", herald), null, random)), false));
        assertEquals(409, e.status());
    }
}
