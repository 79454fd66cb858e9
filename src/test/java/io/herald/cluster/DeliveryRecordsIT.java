package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import io.herald.delivery.AttemptRecord;
import io.herald.delivery.ChronicleDeliveryStore;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStatus;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.DeliveryView;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The delivery log across nodes on a real broker: what the owner records shows in every node's own store, each
 * delivery's records in order; a node that was away (or crashed before it noted where it got to) catches up with
 * each record once.
 */
class DeliveryRecordsIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2026-11-30T06:00:00Z");
    @TempDir Path dir;

    static KafkaConfig topics(String prefix) {
        KafkaConfig k = new KafkaConfig(kafka.bootstrapServers(), prefix, Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
        return k;
    }

    DeliveryRecords node(KafkaConfig k, String name) {
        Path home = dir.resolve(name);
        DeliveryRecords d = new DeliveryRecords(k, name, new ChronicleDeliveryStore(new ChronicleJournal(
                home.resolve("deliveries"), RollCycles.FAST_DAILY, Clock.systemUTC(), new DiskGuard(0))),
                home.resolve("deliveries.offsets"), 1 << 20);
        d.recover(e -> {});
        return d;
    }

    static AttemptRecord attempt(long seq, String sub, int n, DeliveryStatus status, long prev) {
        Instant at = T0.plusSeconds(n * 100L + seq);
        return new AttemptRecord(new DeliveryId(seq, sub), "evt_" + seq, AttemptRecord.Kind.ATTEMPT, n, 0, at,
                status == DeliveryStatus.SUCCEEDED ? 200 : 500, 5, null, null, status,
                status == DeliveryStatus.PENDING ? at.plusSeconds(3) : null, prev);
    }

    /** Each subscription's deliveries as the API lists them: id, status, and its attempts in order. */
    static List<String> log(DeliveryStore s, List<String> subs) {
        List<String> out = new ArrayList<>();
        for (String sub : subs) {
            for (DeliveryView v : s.list(sub, null, 1000, 0).deliveries()) {
                StringBuilder b = new StringBuilder(v.id() + " " + v.status() + ":");
                v.records().forEach(r -> b.append(' ').append(r.attempts()).append('/').append(r.status()));
                out.add(b.toString());
            }
        }
        return out;
    }

    /** Three attempts of one delivery and one of another, for each subscription. */
    static void record(DeliveryStore owner, List<String> subs, long seq) {
        for (String sub : subs) {
            long p = owner.append(attempt(seq, sub, 1, DeliveryStatus.PENDING, 0));
            p = owner.append(attempt(seq, sub, 2, DeliveryStatus.PENDING, p));
            owner.append(attempt(seq + 1, sub, 1, DeliveryStatus.SUCCEEDED, 0));
            owner.append(attempt(seq, sub, 3, DeliveryStatus.SUCCEEDED, p));
        }
    }

    @Test
    void what_the_owner_records_shows_in_every_nodes_store_in_order() {
        KafkaConfig k = topics("log");
        List<String> subs = List.of("billing", "search-index", "s3", "s4", "s5", "s6");
        try (DeliveryRecords a = node(k, "node-a"); DeliveryRecords b = node(k, "node-b")) {
            record(a, subs, 10);
            List<String> expected = new ArrayList<>();
            for (String sub : subs) {
                expected.add("dlv_10_" + sub + " SUCCEEDED: 1/PENDING 2/PENDING 3/SUCCEEDED"); // its last attempt is later
                expected.add("dlv_11_" + sub + " SUCCEEDED: 1/SUCCEEDED");
            }
            assertEquals(expected, log(a, subs), "read-your-writes on the owner");
            assertTrue(b.awaitApplied(Set.copyOf(DeliveryRecords.all()), DEADLINE));
            assertEquals(expected, log(b, subs));
            assertEquals(a.find(new DeliveryId(10, "billing")).records(), b.find(new DeliveryId(10, "billing")).records());
        }
    }

    @Test
    void a_node_that_crashed_before_noting_where_it_got_to_applies_each_record_once_and_catches_up() throws Exception {
        KafkaConfig k = topics("crash");
        List<String> subs = List.of("billing", "search-index", "s3");
        Path offsets = dir.resolve("node-b").resolve("deliveries.offsets");
        Path older = dir.resolve("offsets.older");
        try (DeliveryRecords a = node(k, "node-a")) {
            try (DeliveryRecords b = node(k, "node-b")) {
                record(a, subs.subList(0, 1), 10);
                assertTrue(b.awaitApplied(Set.copyOf(DeliveryRecords.all()), DEADLINE));
                Poll.until(DEADLINE, "node-b to note where it got to", () -> Files.exists(offsets));
                Files.copy(offsets, older);
                record(a, subs, 20);
                assertTrue(b.awaitApplied(Set.copyOf(DeliveryRecords.all()), DEADLINE));
            }
            // as if node-b was killed after applying the second batch and before noting it
            Files.copy(older, offsets, StandardCopyOption.REPLACE_EXISTING);
            record(a, subs, 30); // while node-b is down
            try (DeliveryRecords b = node(k, "node-b")) {
                assertTrue(b.awaitApplied(Set.copyOf(DeliveryRecords.all()), DEADLINE));
                assertEquals(log(a, subs), log(b, subs), "each record once, and the ones written while it was away");
                assertEquals(3, b.find(new DeliveryId(20, "billing")).records().size());
            }
        }
        assertEquals(records(dir.resolve("node-a")), records(dir.resolve("node-b")),
                "node-b's own log holds each record once (a repeat would hide behind its delivery's newest record)");
    }

    /** Every record in a node's local log, in order. */
    static List<String> records(Path home) {
        List<String> out = new ArrayList<>();
        try (ChronicleDeliveryStore s = new ChronicleDeliveryStore(new ChronicleJournal(home.resolve("deliveries"),
                RollCycles.FAST_DAILY, Clock.systemUTC(), new DiskGuard(0)))) {
            s.recover(e -> out.add(e.record().delivery() + "#" + e.record().attempts()));
        }
        out.sort(null); // nodes interleave partitions differently
        return out;
    }
}
