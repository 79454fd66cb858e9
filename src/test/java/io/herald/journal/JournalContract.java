package io.herald.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.HeraldException;
import io.herald.testing.Concurrently;
import io.herald.testing.Poll;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link Journal}'s javadoc, written once for every implementation: a second one (a Kafka topic)
 * extends this class and supplies {@link #open()} and {@link #reopen}.
 */
abstract class JournalContract {
    static final Duration DEADLINE = Duration.ofSeconds(10);

    /** A journal, empty on the first call of a test. */
    abstract Journal open();

    /** The same journal as another process would open it after {@code j} closed (Chronicle: the same dir). */
    abstract Journal reopen(Journal closed);

    /** An empty journal that cannot take writes (Chronicle: a full disk; Kafka: a broker that is down). */
    abstract Journal openUnwritable();

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Every entry up to {@code last}, read from {@code t}. A tail may answer null before it has fetched an entry
     * already appended (a Kafka consumer between fetches), so it is asked again until a deadline.
     */
    static List<String> drain(Journal.Tail t, long last, List<Long> seqs) {
        List<String> out = new ArrayList<>();
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < last) {
            JournalEntry e = next(t);
            seqs.add(e.seq());
            out.add(new String(e.bytes(), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** The tail's next entry, which must come before a deadline. */
    static JournalEntry next(Journal.Tail t) {
        return Poll.value(DEADLINE, "the tail's next entry", t::next);
    }

    @Test
    void append_answers_the_seq_the_journal_gave_and_the_entry_reads_back_there() {
        try (Journal j = open()) {
            assertEquals(0, j.lastSeq());
            assertEquals(1, j.firstSeq());
            assertNull(j.read(1));
            assertEquals(1, j.append(bytes("a")));
            assertEquals(2, j.append(bytes("b")));
            assertEquals(2, j.lastSeq());
            assertEquals("b", new String(j.read(2).bytes(), StandardCharsets.UTF_8));
            assertEquals(2, j.read(2).seq());
            assertNull(j.read(3), "not written yet");
            assertNull(j.read(0));
        }
    }

    @Test
    void an_entry_given_in_two_parts_is_kept_and_read_as_one() {
        try (Journal j = open()) {
            assertEquals(1, j.append(bytes("head-"), bytes("rest")));
            assertEquals(2, j.append(bytes("whole"), new byte[0]));
            assertEquals(3, j.append(bytes("c")));
            assertEquals("head-rest", new String(j.read(1).bytes(), StandardCharsets.UTF_8));
            try (Journal.Tail t = j.tail(0)) {
                assertEquals("head-rest", new String(next(t).bytes(), StandardCharsets.UTF_8));
                assertEquals("whole", new String(next(t).bytes(), StandardCharsets.UTF_8));
                assertEquals("c", new String(next(t).bytes(), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void concurrent_appends_get_distinct_gapless_seqs_and_a_tail_reads_each_entry_once_at_its_seq() throws Exception {
        Map<Long, String> given = new ConcurrentHashMap<>();
        try (Journal j = open()) {
            Concurrently.run(4, writer -> {
                for (int i = 0; i < 250; i++) {
                    String text = writer + "-" + i;
                    assertNull(given.put(j.append(bytes(text)), text), "a seq was given twice");
                }
            });
            assertEquals(1000, j.lastSeq());
            List<Long> seqs = new ArrayList<>();
            List<String> texts;
            try (Journal.Tail t = j.tail(0)) {
                texts = drain(t, 1000, seqs);
            }
            assertEquals(1000, seqs.size());
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1, seqs.get(i), "in seq order, no gap");
                assertEquals(given.get(seqs.get(i)), texts.get(i), "the bytes given at the seq append answered");
            }
        }
    }

    @Test
    void a_tail_starts_after_the_given_seq_and_follows_later_appends() {
        try (Journal j = open()) {
            for (int i = 1; i <= 5; i++) j.append(bytes("e" + i));
            List<Long> seqs = new ArrayList<>();
            try (Journal.Tail t = j.tail(2)) {
                assertEquals(List.of("e3", "e4", "e5"), drain(t, 5, seqs));
                assertEquals(List.of(3L, 4L, 5L), seqs);
                assertNull(t.next(), "caught up");
                long six = j.append(bytes("e6"));
                JournalEntry e = next(t);
                assertEquals(six, e.seq());
                assertEquals("e6", new String(e.bytes(), StandardCharsets.UTF_8));
                assertNull(t.next());
            }
            try (Journal.Tail t = j.tail(j.lastSeq())) {
                assertNull(t.next(), "a tail at the end waits for the next append");
                j.append(bytes("e7"));
                assertEquals(7, next(t).seq());
            }
        }
    }

    @Test
    void a_tail_passes_over_what_it_was_told_to_skip_and_never_moves_back() {
        try (Journal j = open()) {
            for (int i = 1; i <= 6; i++) j.append(bytes("e" + i));
            try (Journal.Tail t = j.tail(1)) {
                assertEquals(2, next(t).seq());
                t.skipThrough(4);
                assertEquals("e5", new String(next(t).bytes(), StandardCharsets.UTF_8));
                t.skipThrough(2);
                assertEquals(6, next(t).seq(), "skipping to a seq already passed changes nothing");
                t.skipThrough(9);
                for (int i = 7; i <= 10; i++) j.append(bytes("e" + i));
                assertEquals(10, next(t).seq(), "a skip may run ahead of the appends");
                assertNull(t.next());
            }
        }
    }

    @Test
    void an_append_that_fails_throws_unavailable_gives_no_seq_and_nothing_is_read() {
        try (Journal j = openUnwritable()) {
            HeraldException e = assertThrows(HeraldException.class, () -> j.append(bytes("lost")));
            assertEquals(503, e.status());
            assertFalse(j.writable());
            assertNotNull(j.unwritableReason());
            assertEquals(0, j.lastSeq());
            try (Journal.Tail t = j.tail(0)) {
                assertNull(t.next());
            }
        }
    }

    @Test
    void what_append_answered_is_there_after_the_journal_is_opened_again_and_seqs_go_on() {
        Journal j = open();
        j.append(bytes("a"));
        j.append(bytes("b"));
        j.close();
        try (Journal again = reopen(j)) {
            assertEquals(2, again.lastSeq());
            assertEquals(3, again.append(bytes("c")));
            List<Long> seqs = new ArrayList<>();
            try (Journal.Tail t = again.tail(0)) {
                assertEquals(List.of("a", "b", "c"), drain(t, 3, seqs));
            }
            assertEquals(List.of(1L, 2L, 3L), seqs);
        }
    }

    // A replica (cluster mode): the seq is given by the log it follows; the seqs it skips are gaps no reader sees.

    static List<String> all(Journal j, long after, long last, List<Long> seqs) {
        try (Journal.Tail t = j.tail(after)) {
            return drain(t, last, seqs);
        }
    }

    @Test
    void a_replica_keeps_the_given_seqs_and_its_gaps_are_invisible_to_reads_and_tails() {
        try (Journal j = open()) {
            j.appendAt(3, bytes("c"));
            j.appendAt(4, bytes("d"));
            j.appendAt(7, bytes("g"));
            assertEquals(7, j.lastSeq());
            assertEquals(3, j.firstSeq(), "an empty journal starts at the first seq it is given");
            assertNull(j.read(5), "a gap");
            assertNull(j.read(6), "a gap");
            assertEquals("g", new String(j.read(7).bytes(), StandardCharsets.UTF_8));
            assertEquals(7, j.read(7).seq());
            List<Long> seqs = new ArrayList<>();
            assertEquals(List.of("c", "d", "g"), all(j, 0, 7, seqs));
            assertEquals(List.of(3L, 4L, 7L), seqs);
            seqs.clear();
            assertEquals(List.of("g"), all(j, 5, 7, seqs), "a tail after a gap's seq starts at the next entry");
            try (Journal.Tail t = j.tail(7)) {
                assertNull(t.next());
                j.appendAt(10, bytes("j"));
                JournalEntry e = next(t);
                assertEquals(10, e.seq());
                assertEquals("j", new String(e.bytes(), StandardCharsets.UTF_8));
                assertNull(t.next(), "the gap before it gives nothing");
            }
        }
    }

    @Test
    void a_replica_refuses_a_seq_at_or_below_its_last_and_writes_nothing() {
        try (Journal j = open()) {
            j.appendAt(5, bytes("e"));
            assertThrows(IllegalArgumentException.class, () -> j.appendAt(5, bytes("again")));
            assertThrows(IllegalArgumentException.class, () -> j.appendAt(2, bytes("older")));
            assertEquals(5, j.lastSeq());
            j.appendAt(6, bytes("f"));
            List<Long> seqs = new ArrayList<>();
            assertEquals(List.of("e", "f"), all(j, 0, 6, seqs));
        }
    }

    @Test
    void a_replica_opened_again_keeps_its_seqs_and_gaps_and_goes_on() {
        Journal j = open();
        j.appendAt(2, bytes("b"));
        j.appendAt(5, bytes("e"));
        j.close();
        try (Journal again = reopen(j)) {
            assertEquals(5, again.lastSeq());
            assertEquals(2, again.firstSeq());
            assertNull(again.read(4));
            again.appendAt(8, bytes("h"));
            List<Long> seqs = new ArrayList<>();
            assertEquals(List.of("b", "e", "h"), all(again, 0, 8, seqs));
            assertEquals(List.of(2L, 5L, 8L), seqs);
        }
    }
}
