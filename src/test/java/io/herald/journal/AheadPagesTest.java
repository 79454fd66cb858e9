package io.herald.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.SettableClock;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal maps its next pages after an append ({@link AheadPages}), and that changes nothing anyone reads. */
class AheadPagesTest {
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-20T10:00:00Z"));

    ChronicleJournal open() {
        return new ChronicleJournal(dir, RollCycles.FAST_DAILY, clock, new DiskGuard(0));
    }

    @Test
    void entries_of_every_size_read_back_the_same_with_the_pages_after_them_touched() {
        Random random = new Random(18);
        List<byte[]> written = new ArrayList<>();
        try (ChronicleJournal j = open(); Journal.Tail live = j.tail(0)) {
            for (int day = 0; day < 2; day++) {
                for (int i = 0; i < 400; i++) {
                    // up to ~3 pages each, so entries start and end at every place in a page, some exactly on one
                    byte[] entry = new byte[i % 50 == 0 ? 4096 - 8 : 1 + random.nextInt(12_000)];
                    random.nextBytes(entry);
                    j.append(entry);
                    written.add(entry);
                    if (random.nextInt(4) != 0) j.touchAhead(); // most appends are followed by a touch, not all
                    JournalEntry seen = live.next();
                    assertEquals(written.size(), seen.seq(), "a live reader sees each entry once, in order");
                    assertArrayEquals(entry, seen.bytes());
                }
                clock.advance(Duration.ofDays(1)); // the next entries go to another cycle's file
            }
            assertNull(live.next(), "nothing after the last entry: the touched pages read as no entry");
            assertReadBack(j, written);
        }
        try (ChronicleJournal j = open()) {
            assertEquals(written.size(), j.lastSeq(), "reopened, the journal ends at the last entry");
            assertReadBack(j, written);
            byte[] next = {1, 2, 3};
            assertEquals(written.size() + 1, j.append(next), "and appends after it");
            assertArrayEquals(next, j.read(written.size() + 1).bytes());
        }
    }

    private static void assertReadBack(Journal j, List<byte[]> written) {
        try (Journal.Tail t = j.tail(0)) {
            for (int i = 0; i < written.size(); i++) {
                JournalEntry e = t.next();
                assertEquals(i + 1, e.seq());
                assertArrayEquals(written.get(i), e.bytes(), "entry " + (i + 1));
            }
            assertNull(t.next());
        }
        for (int seq : new int[] {1, 2, written.size() / 2, written.size()}) {
            assertArrayEquals(written.get(seq - 1), j.read(seq).bytes(), "read(" + seq + ")");
        }
    }

    @Test
    void a_touch_maps_the_pages_past_the_last_append_and_follows_the_writes() {
        try (ChronicleJournal j = open()) {
            j.touchAhead();
            assertEquals(0, j.touchedTo(), "nothing appended yet: nothing to touch");
            j.append(new byte[100]);
            j.touchAhead();
            long first = j.touchedTo();
            assertTrue(first > 0 && first % AheadPages.PAGE == 0, "pages touched up to a page boundary: " + first);
            j.touchAhead();
            assertEquals(first, j.touchedTo(), "a second touch without an append has nothing more to do");
            for (int i = 0; i < 4; i++) j.append(new byte[3000]);
            j.touchAhead();
            assertTrue(j.touchedTo() >= first + 2L * AheadPages.PAGE, "it follows the written end: " + j.touchedTo());
            clock.advance(Duration.ofDays(1));
            j.append(new byte[100]);
            j.touchAhead();
            assertTrue(j.touchedTo() > 0 && j.touchedTo() < first + 2L * AheadPages.PAGE,
                    "in a new cycle's file it starts again near its start: " + j.touchedTo());
        }
    }

    @Test
    void the_touched_pages_still_hold_only_zeros_past_the_last_entry() throws Exception {
        byte[] marker = "the-last-entry-ends-here".getBytes(StandardCharsets.US_ASCII);
        try (ChronicleJournal j = open()) {
            for (int size : new int[] {100, 5000, 4000, 9000}) {
                byte[] entry = new byte[size];
                Arrays.fill(entry, (byte) 0x55);
                System.arraycopy(marker, 0, entry, size - marker.length, marker.length);
                j.append(entry);
                j.touchAhead();
            }
            long touched = j.touchedTo();
            Path file;
            try (var files = Files.list(dir)) {
                file = files.filter(f -> f.toString().endsWith(".cq4")).findFirst().orElseThrow();
            }
            long from = touched - 4L * AheadPages.PAGE - 9000;
            ByteBuffer window = ByteBuffer.allocate((int) (touched + AheadPages.PAGE - from));
            try (var ch = FileChannel.open(file)) {
                ch.read(window, from);
            }
            byte[] b = window.array();
            int end = lastIndexOf(b, marker) + marker.length;
            assertTrue(end > marker.length, "the last entry lies just before the touched pages");
            for (int i = end; i < b.length; i++) {
                assertEquals(0, b[i], "byte " + (from + i) + " past the last entry (ends at " + (from + end) + ")");
            }
        }
    }

    private static int lastIndexOf(byte[] b, byte[] part) {
        for (int i = b.length - part.length; i >= 0; i--) {
            if (Arrays.equals(b, i, i + part.length, part, 0, part.length)) return i;
        }
        return -1;
    }

    @Test
    void a_closed_journal_touches_nothing() {
        ChronicleJournal j = open();
        j.append(new byte[100]);
        j.close();
        assertDoesNotThrow(j::touchAhead);
        assertEquals(0, j.touchedTo());
    }
}
