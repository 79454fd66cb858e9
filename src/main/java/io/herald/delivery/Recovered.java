package io.herald.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * The restart merge: the newest log record of each delivery of an event after the checkpoint, read at start.
 * Fan-out meets those events again and asks here whether a delivery already finished, or where its retries
 * stood. Owned by the fan-out thread (handed over before it starts).
 */
final class Recovered {
    private Map<DeliveryId, DeliveryStore.Entry> byId;

    Recovered(Map<DeliveryId, DeliveryStore.Entry> byId) {
        this.byId = byId;
    }

    /** The record found for this delivery at start, once; null when there was none. */
    DeliveryStore.Entry take(DeliveryId id) {
        return byId.isEmpty() ? null : byId.remove(id);
    }

    /** Fan-out caught up: whatever is left belongs to deleted subscriptions. */
    void forget() {
        if (!byId.isEmpty()) byId = new HashMap<>();
    }

    int size() {
        return byId.size();
    }
}
