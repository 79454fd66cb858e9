package io.herald.journal;

import io.herald.testing.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChronicleJournal} keeps the promises of {@link Journal}. */
class ChronicleJournalContractTest extends JournalContract {
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-20T10:00:00Z"));

    @Override
    Journal open() {
        return new ChronicleJournal(dir, RollCycles.FAST_DAILY, clock, new DiskGuard(0));
    }

    @Override
    Journal reopen(Journal closed) {
        return open();
    }

    @Override
    Journal openUnwritable() {
        return new ChronicleJournal(dir, RollCycles.FAST_DAILY, clock, new DiskGuard(Long.MAX_VALUE));
    }
}
