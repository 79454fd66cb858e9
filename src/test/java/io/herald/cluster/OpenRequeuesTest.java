package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.delivery.AttemptRecord;
import io.herald.delivery.AttemptRecord.Kind;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStatus;
import io.herald.delivery.DeliveryStore;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a new owner queues besides its resume points: requeues by hand not final yet, newest record, oldest first. */
class OpenRequeuesTest {
    static final Instant T = Instant.parse("2026-11-30T08:00:00Z");
    long position;

    DeliveryStore.Entry record(long seq, String sub, Kind kind, DeliveryStatus status) {
        return new DeliveryStore.Entry(++position, new AttemptRecord(new DeliveryId(seq, sub), "evt_" + seq, kind, 1, 1,
                T, null, 0, null, null, status, status == DeliveryStatus.PENDING ? T : null, 0));
    }

    @Test
    void a_requeue_stays_open_through_its_failed_retries_and_goes_once_final() {
        OpenRequeues open = new OpenRequeues();
        open.seen(record(9, "s", Kind.ATTEMPT, DeliveryStatus.FAILED));
        open.seen(record(7, "s", Kind.REQUEUE, DeliveryStatus.PENDING));
        open.seen(record(9, "s", Kind.REQUEUE, DeliveryStatus.PENDING));
        DeliveryStore.Entry retry = record(9, "s", Kind.ATTEMPT, DeliveryStatus.PENDING);
        open.seen(retry);
        open.seen(record(3, "s", Kind.ATTEMPT, DeliveryStatus.PENDING)); // fan-out's own: not a requeue
        int p = DeliveryPartitions.of("s");

        List<DeliveryStore.Entry> now = open.of(Set.of(p));
        assertEquals(List.of(7L, 9L), now.stream().map(e -> e.record().delivery().seq()).toList(), "oldest event first");
        assertSame(retry, now.get(1), "resumed from its newest record");
        assertEquals(List.of(), open.of(Set.of((p + 1) % ClusterTopics.DELIVERY_PARTITIONS)), "another partition's");

        open.seen(record(7, "s", Kind.ATTEMPT, DeliveryStatus.SUCCEEDED));
        assertEquals(List.of(9L), open.of(Set.of(p)).stream().map(e -> e.record().delivery().seq()).toList());
    }
}
