package io.herald.delivery;

import io.herald.cluster.ClusterTopics;
import io.herald.cluster.DeliveryRecords;
import io.herald.cluster.KafkaTopics;
import io.herald.config.KafkaConfig;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.testing.KafkaBroker;
import io.herald.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode's delivery log ({@link DeliveryRecords}: records through Kafka, applied to a local Chronicle store)
 * keeps every promise of {@link DeliveryStore}, restart included, on a real broker.
 */
class KafkaDeliveryStoreIT extends DeliveryStoreContract {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(T0);
    KafkaConfig k;

    @BeforeEach
    void topics() {
        k = new KafkaConfig(kafka.bootstrapServers(), "c" + UUID.randomUUID().toString().substring(0, 8), Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
    }

    @Override
    DeliveryStore open() {
        return new DeliveryRecords(k, "node-a", new ChronicleDeliveryStore(new ChronicleJournal(dir.resolve("deliveries"),
                RollCycles.FAST_DAILY, clock, new DiskGuard(0))), dir.resolve("deliveries.offsets"), 1 << 20);
    }
}
