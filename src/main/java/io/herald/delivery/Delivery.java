package io.herald.delivery;

import io.herald.core.StoredEvent;
import java.time.Instant;

/**
 * One event on its way to one subscription. Mutable, owned by the dispatcher under its lock. While it waits for
 * a retry it holds no event or body (a dead receiver may have many waiting): they are read back when it is due.
 */
final class Delivery {
    final DeliveryId id;
    final String eventId;
    /** True when fan-out made it; such deliveries hold back the restart checkpoint until they finish. */
    final boolean fromFanOut;
    int attempts;
    Instant dueAt;
    StoredEvent event;
    byte[] body;

    Delivery(DeliveryId id, String eventId, boolean fromFanOut, int attempts, Instant dueAt) {
        this.id = id;
        this.eventId = eventId;
        this.fromFanOut = fromFanOut;
        this.attempts = attempts;
        this.dueAt = dueAt;
    }

    String subscriptionId() {
        return id.subscriptionId();
    }

    /** Drops what can be read back from the journal, to keep a waiting retry small. */
    void lighten() {
        event = null;
        body = null;
    }
}
