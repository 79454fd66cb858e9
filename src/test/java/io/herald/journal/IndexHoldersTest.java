package io.herald.journal;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.SettableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chunks of the journal's file are unmapped once passed, whatever collections clear ({@link IndexHolders}). */
class IndexHoldersTest {
    @TempDir Path dir;

    @Test
    void chunks_the_appender_and_a_reader_moved_past_are_unmapped_though_collections_ran_meanwhile()
            throws IOException {
        assertTrue(IndexHolders.available(), "this Chronicle version has the fields IndexHolders reads");
        byte[] entry = new byte[8 * 1024];
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T10:00:00Z"));
        // an index array every 1,024 entries (8 MB here); 64,000 entries are 500 MB, 8 chunks of 64 MB
        try (ChronicleJournal j = new ChronicleJournal(dir, TestRollCycles.TEST8_DAILY, clock, new DiskGuard(0));
             ChronicleLookup lookup = j.lookup()) {
            for (int i = 1; i <= 64_000; i++) {
                j.append(entry);
                if (i % 2_000 == 0) {
                    assertEquals(entry.length, lookup.at(i - 1_000).bytes().length);
                    System.gc(); // clears what Chronicle holds only weakly: its holders of index arrays
                }
            }
            List<String> mapped = Files.readAllLines(Path.of("/proc/self/maps")).stream()
                    .filter(l -> l.contains(dir.toString()) && l.endsWith(".cq4")).toList();
            // the file's first chunk (header, index of indexes), the one written now and the one before it
            assertTrue(mapped.size() <= 3, mapped.size() + " mappings of the cycle file:\n" + String.join("\n", mapped));
        }
    }
}
