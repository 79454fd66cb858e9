package io.herald.delivery;

import io.herald.core.StoredEvent;
import java.time.Instant;

/**
 * One event on its way to one subscription. Mutable, and handed from thread to thread through the scheduler's
 * {@link Inbox} (fan-out makes it, the scheduler queues and starts it, an HTTP client thread ends its attempt): one
 * owner at a time. While it waits for a retry it holds no event or body (a dead receiver may have many waiting):
 * they are read back when it is due.
 */
final class Delivery {
    final DeliveryId id;
    final String eventId;
    /** True when fan-out made it; such deliveries hold back the restart checkpoint until they finish. */
    final boolean fromFanOut;
    int attempts;
    /** attempts before the last manual requeue: the retry schedule starts again from there */
    final int base;
    Instant dueAt;
    /** where this delivery's newest record sits in the delivery log, 0 before its first */
    long lastPosition;
    StoredEvent event;
    byte[] body;
    /** holds a place in its lane's {@link LaneBounds} until it first starts */
    boolean reserved;

    Delivery(DeliveryId id, String eventId, boolean fromFanOut, int attempts, int base, Instant dueAt,
             long lastPosition) {
        this.id = id;
        this.eventId = eventId;
        this.fromFanOut = fromFanOut;
        this.attempts = attempts;
        this.base = base;
        this.dueAt = dueAt;
        this.lastPosition = lastPosition;
    }

    /** Picks up where the delivery log's newest record of it left off. */
    static Delivery resume(DeliveryStore.Entry last, boolean fromFanOut, Instant now) {
        AttemptRecord r = last.record();
        Instant due = r.nextAttemptAt() == null ? now : r.nextAttemptAt();
        return new Delivery(r.delivery(), r.eventId(), fromFanOut, r.attempts(), r.base(), due, last.position());
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
