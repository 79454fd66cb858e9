package io.herald.journal;

import static org.junit.jupiter.api.Assertions.*;

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
}
