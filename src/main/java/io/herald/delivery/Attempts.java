package io.herald.delivery;

import io.herald.core.EventCodec;
import io.herald.core.StoredEvent;
import io.herald.delivery.format.FormatOptions;
import io.herald.delivery.format.Formats;
import io.herald.delivery.format.WebhookFormat;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt, start to end: render and sign the request, send it, decide what the answer means (CONTRACT
 * 4.3), write the outcome to the delivery log, and hand the delivery back to the dispatcher.
 */
final class Attempts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    private final Dispatcher dispatcher;
    private final Sender sender;
    private final Journal events;
    private final Journal deliveryLog;
    private final Subscriptions subscriptions;
    private final Supplier<Formats> formats;
    private final Clock clock;
    private final RandomGenerator random;
    private volatile boolean closed;

    Attempts(Dispatcher dispatcher, Sender sender, Journal events, Journal deliveryLog, Subscriptions subscriptions,
             Supplier<Formats> formats, Clock clock, RandomGenerator random) {
        this.dispatcher = dispatcher;
        this.sender = sender;
        this.events = events;
        this.deliveryLog = deliveryLog;
        this.subscriptions = subscriptions;
        this.formats = formats;
        this.clock = clock;
        this.random = random;
    }

    /** Error boundary of an attempt's start: whatever goes wrong is recorded and the worker is released. */
    void start(Delivery d) {
        try {
            doStart(d);
        } catch (RuntimeException e) {
            log.error("delivery_start_failed delivery={}", d.id, e);
            end(d, new AttemptRecord(d.id, d.eventId, 0, clock.instant(), null, 0, "internal error: " + e.getMessage(),
                    null, DeliveryStatus.FAILED, null));
        }
    }

    private void doStart(Delivery d) {
        Subscription sub = subscriptions.get(d.subscriptionId());
        if (sub == null || !sub.enabled()) {
            String why = sub == null ? "subscription deleted" : "subscription disabled (" + sub.disabledReason() + ")";
            end(d, record(d, 0, clock.instant(), null, why, DeliveryStatus.SKIPPED));
            return;
        }
        StoredEvent event = d.event != null ? d.event : readEvent(d.id.seq());
        if (event == null) {
            end(d, record(d, 0, clock.instant(), null, "event no longer retained", DeliveryStatus.FAILED));
            return;
        }
        WebhookFormat format = formats.get().get(sub.format());
        byte[] body = d.body != null ? d.body : format.body(event, new FormatOptions(sub.livemode()));
        Instant at = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>(sub.headers());
        headers.putAll(format.headers(event, body, sub.secrets(), at));
        headers.put("Content-Type", "application/json");
        sender.send(sub.url(), headers, body, sub.timeout(), result -> complete(d, sub, at, result));
    }

    private StoredEvent readEvent(long seq) {
        JournalEntry e = events.read(seq);
        return e == null ? null : EventCodec.decode(e.bytes()).event();
    }

    private void complete(Delivery d, Subscription sub, Instant at, AttemptResult r) {
        int attempt = d.attempts + 1;
        DeliveryStatus status = DeliveryStatus.FAILED;
        Instant next = null;
        if (r.succeeded()) {
            status = DeliveryStatus.SUCCEEDED;
        } else if (Integer.valueOf(410).equals(r.statusCode())) {
            subscriptions.disable(sub.id(), "gone");
            log.warn("subscription_disabled subscription={} reason=gone", sub.id());
        } else {
            Duration delay = Backoff.nextDelay(attempt, sub.retrySchedule(), sub.jitter(), random.nextDouble());
            if (delay != null) {
                status = DeliveryStatus.PENDING;
                next = at.plus(Backoff.honourRetryAfter(delay, r.retryAfter()));
            }
        }
        if (!r.succeeded()) {
            log.info("delivery_failed subscription={} delivery={} attempt={} status={} error=\"{}\" next={}",
                    sub.id(), d.id, attempt, r.statusCode(), r.error() == null ? "" : r.error(), next);
        }
        d.attempts = attempt;
        d.dueAt = next;
        end(d, new AttemptRecord(d.id, d.eventId, attempt, at, r.statusCode(), r.durationMs(), r.error(),
                r.response(), status, next));
    }

    private static AttemptRecord record(Delivery d, int attempt, Instant at, Integer code, String error,
                                        DeliveryStatus status) {
        return new AttemptRecord(d.id, d.eventId, attempt, at, code, 0, error, null, status, null);
    }

    /** Records a delivery that is not sent at all (its subscription is disabled). */
    void skip(DeliveryId id, String eventId, String why) {
        append(new AttemptRecord(id, eventId, 0, clock.instant(), null, 0, why, null, DeliveryStatus.SKIPPED, null));
    }

    private void end(Delivery d, AttemptRecord rec) {
        append(rec);
        if (rec.status() == DeliveryStatus.PENDING) d.lighten();
        dispatcher.finished(d, rec.status() == DeliveryStatus.PENDING);
    }

    private void append(AttemptRecord rec) {
        if (closed) return; // after shutdown the log is closing: the delivery stays open and is retried on restart
        try {
            byte[] bytes = rec.encode();
            deliveryLog.append(seq -> bytes);
        } catch (RuntimeException e) {
            log.error("delivery_log_write_failed delivery={}; it will be sent again after a restart", rec.delivery(), e);
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.close();
    }
}
