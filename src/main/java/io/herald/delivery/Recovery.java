package io.herald.delivery;

import io.herald.subscription.Subscriptions;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * What the delivery log says at start, read once by {@code dispatch-loader}: the newest record of each delivery
 * of an event after the checkpoint (fan-out meets those events again and must not redo what finished), and the
 * deliveries at or below it that are still pending because they were requeued by hand. Reading it also rebuilds
 * disable-after's failure counts.
 */
record Recovery(Map<DeliveryId, DeliveryStore.Entry> recovered, Map<DeliveryId, DeliveryStore.Entry> requeued) {

    /** Reads the whole log; null when {@code stopping} turned true meanwhile. */
    static Recovery read(DeliveryStore deliveryStore, Subscriptions subscriptions, long checkpoint, BooleanSupplier stopping) {
        Map<DeliveryId, DeliveryStore.Entry> recovered = new HashMap<>();
        Map<DeliveryId, DeliveryStore.Entry> requeued = new HashMap<>();
        try {
            deliveryStore.recover(e -> {
                if (stopping.getAsBoolean()) throw new Stopped();
                AttemptRecord rec = e.record();
                if (rec.delivery().seq() > checkpoint) recovered.put(rec.delivery(), e);
                else if (rec.status() == DeliveryStatus.PENDING) requeued.put(rec.delivery(), e);
                else requeued.remove(rec.delivery());
                countHealth(subscriptions, rec);
            });
        } catch (Stopped e) {
            return null;
        }
        return new Recovery(recovered, requeued);
    }

    /** Failures before the subscription's last enable do not count. */
    private static void countHealth(Subscriptions subscriptions, AttemptRecord rec) {
        if (rec.kind() != AttemptRecord.Kind.ATTEMPT) return;
        String sub = rec.delivery().subscriptionId();
        if (rec.succeeded()) {
            subscriptions.health().success(sub, rec.at());
        } else {
            Instant reset = subscriptions.resetAt(sub);
            if (reset == null || rec.at().isAfter(reset)) subscriptions.health().failure(sub);
        }
    }

    /** Ends a read that shutdown interrupted. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }
}
