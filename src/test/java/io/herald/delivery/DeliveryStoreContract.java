package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.HeraldException;
import io.herald.testing.Concurrently;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The promises of {@link DeliveryStore}'s javadoc, written once for every implementation: a second one extends
 * this class and supplies {@link #open()} (the same store each call, as after a restart).
 */
abstract class DeliveryStoreContract {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** The store over the same data each call, not yet recovered. */
    abstract DeliveryStore open();

    /** A record of attempt {@code attempt} of the delivery of event {@code seq} to {@code sub}. */
    static AttemptRecord attempt(long seq, String sub, int attempt, DeliveryStatus status, long prev) {
        Instant at = T0.plusSeconds(attempt * 100L + seq); // a retry is later than every first attempt here
        return new AttemptRecord(new DeliveryId(seq, sub), "evt_" + seq, AttemptRecord.Kind.ATTEMPT, attempt, 0, at,
                status == DeliveryStatus.SUCCEEDED ? 200 : 500, 5, null, null, status,
                status == DeliveryStatus.PENDING ? at.plus(Duration.ofSeconds(3)) : null, prev);
    }

    static DeliveryStore recovered(DeliveryStore s) {
        s.recover(e -> {});
        return s;
    }

    static List<String> ids(DeliveryStore.Page page) {
        List<String> out = new ArrayList<>();
        page.deliveries().forEach(d -> out.add(d.id().seq() + "/" + d.id().subscriptionId() + ":" + d.status() + ":"
                + d.records().size()));
        return out;
    }

    /** Three deliveries to "a" (the first retried once), one to "b". */
    static void writeSome(DeliveryStore s) {
        long first = s.append(attempt(1, "a", 1, DeliveryStatus.PENDING, 0));
        s.append(attempt(1, "b", 1, DeliveryStatus.SUCCEEDED, 0));
        s.append(attempt(2, "a", 1, DeliveryStatus.SUCCEEDED, 0));
        s.append(attempt(3, "a", 1, DeliveryStatus.FAILED, 0));
        s.append(attempt(1, "a", 2, DeliveryStatus.SUCCEEDED, first));
    }

    @Test
    void append_answers_growing_positions_and_every_read_sees_the_record_at_once() {
        try (DeliveryStore s = recovered(open())) {
            long p1 = s.append(attempt(1, "a", 1, DeliveryStatus.PENDING, 0));
            assertTrue(p1 > 0);
            assertEquals(p1, s.latest(new DeliveryId(1, "a")).position());
            long p2 = s.append(attempt(1, "a", 2, DeliveryStatus.SUCCEEDED, p1));
            assertTrue(p2 > p1);
            DeliveryView v = s.find(new DeliveryId(1, "a"));
            assertEquals(DeliveryStatus.SUCCEEDED, v.status());
            assertEquals(List.of(1, 2), v.records().stream().map(AttemptRecord::attempts).toList(), "oldest first");
            assertNull(s.find(new DeliveryId(1, "nobody")));
            assertNull(s.latest(new DeliveryId(9, "a")));
        }
    }

    @Test
    void the_index_is_rebuilt_after_a_restart_with_the_same_lists_and_stories() {
        List<String> before;
        try (DeliveryStore s = recovered(open())) {
            writeSome(s);
            before = ids(s.list("a", null, 10, 0));
            assertEquals(List.of("1/a:SUCCEEDED:2", "3/a:FAILED:1", "2/a:SUCCEEDED:1"), before,
                    "most recently active first");
        }
        try (DeliveryStore s = open()) {
            HeraldException early = assertThrows(HeraldException.class, () -> s.list("a", null, 10, 0));
            assertEquals(503, early.status(), "not answered from a partial index");
            List<DeliveryStore.Entry> seen = new ArrayList<>();
            s.recover(seen::add);
            assertEquals(5, seen.size());
            List<DeliveryStore.Entry> ofA = seen.stream()
                    .filter(e -> e.record().delivery().subscriptionId().equals("a")).toList();
            for (int i = 1; i < ofA.size(); i++) {
                assertTrue(ofA.get(i).position() > ofA.get(i - 1).position(), "a subscription's in append order");
            }
            DeliveryStore.Entry retry = ofA.get(ofA.size() - 1);
            assertEquals(2, retry.record().attempts());
            assertEquals(ofA.get(0).position(), retry.record().prev(), "prev: the position append answered");
            assertTrue(s.loaded());
            assertEquals(before, ids(s.list("a", null, 10, 0)));
            assertEquals(List.of("1/b:SUCCEEDED:1"), ids(s.list("b", null, 10, 0)));
            assertEquals(List.of("3/a:FAILED:1"), ids(s.list("a", DeliveryStatus.FAILED, 10, 0)));
            assertEquals(2, s.find(new DeliveryId(1, "a")).records().size());
            long next = s.append(attempt(4, "a", 1, DeliveryStatus.SUCCEEDED, 0));
            assertTrue(next > retry.position(), "positions go on after a restart, never reused");
        }
    }

    @Test
    void pages_meet_each_delivery_once() {
        try (DeliveryStore s = recovered(open())) {
            writeSome(s);
            DeliveryStore.Page one = s.list("a", null, 2, 0);
            assertEquals(2, one.deliveries().size());
            assertNotNull(one.next());
            DeliveryStore.Page two = s.list("a", null, 2, one.next());
            assertEquals(List.of("2/a:SUCCEEDED:1"), ids(two));
            assertNull(two.next());
        }
    }

    @Test
    void concurrent_appends_keep_each_subscription_in_append_order() throws Exception {
        Map<Long, Long> positionOfSeq = new ConcurrentHashMap<>();
        try (DeliveryStore s = recovered(open())) {
            Concurrently.run(4, writer -> {
                for (int i = 0; i < 50; i++) {
                    long seq = writer * 1000L + i;
                    positionOfSeq.put(seq, s.append(attempt(seq, "a", 1, DeliveryStatus.SUCCEEDED, 0)));
                }
            });
            List<Long> positions = new ArrayList<>();
            s.eachDelivery("a", e -> {
                assertEquals(positionOfSeq.get(e.record().delivery().seq()), e.position());
                positions.add(e.position());
                return true;
            });
            assertEquals(200, positions.size());
            for (int i = 1; i < positions.size(); i++) {
                assertTrue(positions.get(i) < positions.get(i - 1), "newest first");
            }
        }
    }
}
