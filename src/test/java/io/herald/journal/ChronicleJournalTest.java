package io.herald.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.HeraldException;
import io.herald.testing.SettableClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is Chronicle's own: roll cycles and retention. {@link Journal}'s promises are in {@link JournalContract}. */
class ChronicleJournalTest {
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-20T10:00:00Z"));

    ChronicleJournal open() {
        return new ChronicleJournal(dir, RollCycles.FAST_DAILY, clock, new DiskGuard(0));
    }

    static byte[] text(long seq) {
        return ("entry-" + seq).getBytes(StandardCharsets.UTF_8);
    }

    static List<Long> drain(Journal.Tail r) {
        List<Long> seqs = new ArrayList<>();
        for (JournalEntry e; (e = r.next()) != null; ) {
            assertEquals("entry-" + e.seq(), new String(e.bytes(), StandardCharsets.UTF_8));
            seqs.add(e.seq());
        }
        return seqs;
    }

    /**
     * Chronicle fails a document larger than a quarter of its block half-way: it left an empty entry at the seq that
     * every tail met and a reopened journal kept, and the disk guard refused the next appends as a failed disk.
     */
    @Test
    void an_entry_larger_than_one_document_is_refused_before_anything_is_written() {
        byte[] tooLarge = new byte[(64 << 20) / 4 - Long.BYTES + 1]; // Chronicle's default block on 64 bits
        byte[] largest = new byte[tooLarge.length - 1];
        try (ChronicleJournal j = open()) {
            j.append(text(1));
            HeraldException e = assertThrows(HeraldException.class, () -> j.append(tooLarge));
            assertEquals(413, e.status());
            assertEquals("too_large", e.code());
            assertEquals(1, j.lastSeq());
            assertEquals(2, j.append(text(2)), "the next entry takes the next seq");
            e = assertThrows(HeraldException.class, () -> j.appendAt(10, tooLarge));
            assertEquals(413, e.status());
            assertEquals(3, j.append(largest), "the largest entry one document holds");
            j.append(text(4));
            try (Journal.Tail r = j.tail(0)) {
                assertEquals(List.of(1L, 2L), drain(r, 2));
                assertEquals(largest.length, r.next().bytes().length);
                assertEquals(List.of(4L), drain(r));
            }
        }
        try (ChronicleJournal j = open()) {
            assertEquals(4, j.lastSeq());
            try (Journal.Tail r = j.tail(0)) {
                assertEquals(List.of(1L, 2L), drain(r, 2));
            }
        }
    }

    static List<Long> drain(Journal.Tail r, int n) {
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            JournalEntry e = r.next();
            assertEquals("entry-" + e.seq(), new String(e.bytes(), StandardCharsets.UTF_8));
            seqs.add(e.seq());
        }
        return seqs;
    }

    @Test
    void reader_starts_right_after_the_given_seq_across_cycles_and_sees_later_appends() {
        try (ChronicleJournal j = open()) {
            for (int day = 0; day < 3; day++) {
                for (int i = 0; i < 5; i++) j.append(text(j.lastSeq() + 1));
                clock.advance(Duration.ofDays(1));
            }
            for (long after = 0; after <= 15; after++) {
                try (Journal.Tail r = j.tail(after)) {
                    List<Long> seqs = drain(r);
                    assertEquals(15 - after, seqs.size(), "after " + after);
                    if (!seqs.isEmpty()) assertEquals(after + 1, seqs.get(0));
                }
            }
            try (Journal.Tail r = j.tail(15)) {
                assertNull(r.next());
                j.append(text(j.lastSeq() + 1));
                assertEquals(16, r.next().seq());
            }
        }
    }

    /** Far ahead, a tail moves by the index (ChronicleTail.JUMP) and lands exactly where reading on would have. */
    @Test
    void a_tail_told_to_skip_far_ahead_lands_right_after_it_across_cycles_and_ahead_of_the_appends() {
        long perDay = ChronicleTail.JUMP + 100;
        try (ChronicleJournal j = open()) {
            for (int day = 0; day < 3; day++) {
                for (long i = 0; i < perDay; i++) j.append(text(j.lastSeq() + 1));
                clock.advance(Duration.ofDays(1));
            }
            long last = j.lastSeq();
            try (Journal.Tail t = j.tail(0)) {
                assertEquals(1, t.next().seq());
                t.skipThrough(perDay + 10); // into the second day, more than JUMP ahead
                assertEquals(perDay + 11, t.next().seq());
                t.skipThrough(last - 3); // into the third day
                assertEquals(List.of(last - 2, last - 1, last), drain(t));
                t.skipThrough(last + ChronicleTail.JUMP + 5); // past the end: no index to move to, read on
                for (long i = 0; i < ChronicleTail.JUMP + 7; i++) j.append(text(j.lastSeq() + 1));
                assertEquals(List.of(last + ChronicleTail.JUMP + 6, last + ChronicleTail.JUMP + 7), drain(t));
            }
        }
    }

    /**
     * A wall clock stepped back across midnight (NTP, a VM resumed) after the queue had rolled to the new day: the
     * appender was sent back into the day it had closed, Chronicle refused (WriteAfterEOF) and every append failed
     * until the clock passed midnight again.
     */
    @Test
    void a_clock_stepped_back_across_midnight_after_a_roll_keeps_appending_in_order() {
        try (ChronicleJournal j = open()) {
            clock.advance(Duration.ofHours(14).minusSeconds(1)); // 23:59:59
            j.append(text(1));
            clock.advance(Duration.ofSeconds(2)); // 00:00:01, the next day
            j.append(text(2));
            clock.advance(Duration.ofSeconds(-2)); // back to 23:59:59
            assertEquals(3, j.append(text(3)));
            try (Journal.Tail r = j.tail(0)) {
                assertEquals(List.of(1L, 2L, 3L), drain(r));
            }
        }
        try (ChronicleJournal j = open()) {
            assertEquals(3, j.lastSeq());
            assertEquals(4, j.append(text(4)));
        }
    }

    @Test
    void retention_deletes_whole_old_cycles_only_below_the_kept_seq() {
        try (ChronicleJournal j = open()) {
            for (int day = 0; day < 3; day++) {
                for (int i = 0; i < 4; i++) j.append(text(j.lastSeq() + 1));
                clock.advance(Duration.ofDays(1));
            }
            Instant cutoff = clock.instant().minus(Duration.ofDays(1));
            assertEquals(0, j.deleteBefore(cutoff, 4), "seq 4 is still needed, so its cycle stays");
            assertEquals(2, j.deleteBefore(cutoff, Long.MAX_VALUE));
            assertEquals(9, j.firstSeq());
            try (Journal.Tail r = j.tail(0)) {
                assertEquals(List.of(9L, 10L, 11L, 12L), drain(r));
            }
            try (Journal.Tail r = j.tail(3)) {
                assertEquals(9, r.next().seq(), "a position no longer retained resumes at the oldest entry");
            }
        }
        try (ChronicleJournal j = open()) {
            assertEquals(9, j.firstSeq());
            assertEquals(12, j.lastSeq());
        }
    }

    @Test
    void a_replica_gap_across_a_day_keeps_every_later_seq_readable_and_reopens_the_same() {
        try (ChronicleJournal j = open()) {
            j.appendAt(1000, text(1000));
            j.appendAt(1001, text(1001));
            clock.advance(Duration.ofDays(1));
            j.appendAt(1004, text(1004)); // the new day's file opens with fillers for 1002 and 1003
            j.appendAt(1006, text(1006));
            assertEquals(1000, j.firstSeq());
            for (long seq : new long[] {1000, 1001, 1004, 1006}) assertEquals(seq, j.read(seq).seq());
            for (long seq : new long[] {999, 1002, 1003, 1005, 1007}) assertNull(j.read(seq), "seq " + seq);
            try (Journal.Tail r = j.tail(1001)) {
                assertEquals(List.of(1004L, 1006L), drain(r));
            }
        }
        try (ChronicleJournal j = open()) {
            assertEquals(1006, j.lastSeq());
            try (Journal.Tail r = j.tail(0)) {
                assertEquals(List.of(1000L, 1001L, 1004L, 1006L), drain(r));
            }
            j.appendAt(1007, text(1007));
            assertEquals(1007, j.read(1007).seq());
        }
    }
}
