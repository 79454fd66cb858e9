package io.herald.cluster;

import io.herald.delivery.AttemptRecord;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The deliveries requeued by hand (retry, replay) that are not final yet, as the delivery log shows them: a new
 * owner must queue these itself, since a subscription's resume point follows only what fan-out made and may be
 * past an old event requeued later. Few and short-lived: a requeue is gone once its delivery is final.
 * Written by the delivery log's reader, read by the thread that resumes gained partitions.
 */
final class OpenRequeues {
    private final Map<DeliveryId, DeliveryStore.Entry> open = new ConcurrentHashMap<>();

    /** Each record, in the log's order per delivery. */
    void seen(DeliveryStore.Entry e) {
        AttemptRecord r = e.record();
        if (r.kind() == AttemptRecord.Kind.REQUEUE) open.put(r.delivery(), e);
        else if (r.status().terminal()) open.remove(r.delivery());
        else open.computeIfPresent(r.delivery(), (k, was) -> e); // a retry of it: resume from its newest record
    }

    /** Those of the subscriptions in these partitions, oldest event first (an ordered subscription's order). */
    List<DeliveryStore.Entry> of(Set<Integer> partitions) {
        return open.values().stream()
                .filter(e -> partitions.contains(DeliveryPartitions.of(e.record().delivery().subscriptionId())))
                .sorted(Comparator.comparingLong(e -> e.record().delivery().seq()))
                .toList();
    }
}
