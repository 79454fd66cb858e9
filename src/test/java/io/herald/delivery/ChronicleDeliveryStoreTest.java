package io.herald.delivery;

import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.testing.SettableClock;
import java.nio.file.Path;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.io.TempDir;

/** {@link ChronicleDeliveryStore} keeps the promises of {@link DeliveryStore}. */
class ChronicleDeliveryStoreTest extends DeliveryStoreContract {
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(T0);

    @Override
    DeliveryStore open() {
        return new ChronicleDeliveryStore(new ChronicleJournal(dir, RollCycles.FAST_DAILY, clock, new DiskGuard(0)));
    }
}
