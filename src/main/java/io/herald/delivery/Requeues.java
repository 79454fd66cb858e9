package io.herald.delivery;

import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Deliveries sent again by hand: the retry route and replay (CONTRACT 4.2). A final delivery gets a REQUEUE
 * record, durable before it is queued (a crash keeps it), and a fresh retry schedule. One lock serialises all
 * requeues, so two of them cannot both find a delivery final and queue it twice.
 */
public final class Requeues {
    private final DeliveryStore deliveryStore;
    private final Journal events;
    private final Dispatcher dispatcher;
    private final Clock clock;
    private final boolean viaLog;

    /**
     * @param viaLog cluster mode: the owner of a subscription (maybe another node) queues what the REQUEUE record
     *               asks when it applies it ({@link Dispatcher#requeued}); this node only writes the record
     */
    public Requeues(DeliveryStore deliveryStore, Journal events, Dispatcher dispatcher, Clock clock, boolean viaLog) {
        this.viaLog = viaLog;
        this.deliveryStore = deliveryStore;
        this.events = events;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Sends a delivery again now. One waiting for its next retry is made due at once; one queued or in flight is
     * left alone; a final one is queued again. In cluster mode each is a REQUEUE record, which its owner applies. Returns the delivery as it stands, or null if the log has none.
     */
    public synchronized DeliveryView retry(DeliveryId id) {
        deliveryStore.requireLoaded();
        DeliveryStore.Entry last = deliveryStore.latest(id);
        if (last == null) return null;
        if (last.record().status() != DeliveryStatus.PENDING || viaLog) return deliveryStore.story(queueAgain(last));
        dispatcher.expedite(id);
        return deliveryStore.story(last);
    }

    /**
     * Queues again every failed or skipped delivery of the subscription whose event was created in [since,
     * until]; pending ones are already on their way and are left alone. Returns how many were queued.
     */
    public synchronized int replay(String subscriptionId, Instant since, Instant until) {
        deliveryStore.requireLoaded();
        List<DeliveryStore.Entry> due = new ArrayList<>();
        deliveryStore.eachDelivery(subscriptionId, e -> {
            AttemptRecord r = e.record();
            // an event is older than any record of its delivery: past since, nothing further back can match
            if (r.at().isBefore(since)) return false;
            if (r.status() == DeliveryStatus.FAILED || r.status() == DeliveryStatus.SKIPPED) {
                Instant created = createdAt(r.delivery().seq());
                if (created != null && !created.isBefore(since) && !created.isAfter(until)) due.add(e);
            }
            return true;
        });
        // oldest event first: an ordered subscription (CONTRACT 4.4) gets them again in seq order
        due.sort(java.util.Comparator.comparingLong(e -> e.record().delivery().seq()));
        due.forEach(this::queueAgain);
        return due.size();
    }

    private Instant createdAt(long seq) {
        JournalEntry e = events.read(seq);
        return e == null ? null : EventCodec.decode(e.seq(), e.bytes()).event().createdAt();
    }

    private DeliveryStore.Entry queueAgain(DeliveryStore.Entry last) {
        AttemptRecord r = last.record();
        Instant now = clock.instant();
        AttemptRecord again = new AttemptRecord(r.delivery(), r.eventId(), AttemptRecord.Kind.REQUEUE, r.attempts(),
                r.attempts(), now, null, 0, null, null, DeliveryStatus.PENDING, now, last.position());
        long position;
        try {
            position = deliveryStore.append(again);
        } catch (RuntimeException e) {
            throw HeraldException.unavailable("the delivery log cannot take writes", e);
        }
        DeliveryStore.Entry entry = new DeliveryStore.Entry(position, again);
        if (!viaLog) dispatcher.enqueue(Delivery.resume(entry, false, now));
        return entry;
    }
}
