package io.herald.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.EventCodec;
import io.herald.core.Json;
import io.herald.core.OpsEvents;
import io.herald.core.StoredEvent;
import io.herald.delivery.AttemptRecord.Kind;
import io.herald.format.FormatOptions;
import io.herald.format.Formats;
import io.herald.format.WebhookFormat;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.herald.metrics.Metrics;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionHealth;
import io.herald.subscription.Subscriptions;
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
 * 4.3), count it towards disable-after, write the outcome to the delivery log, and hand the delivery back to
 * the scheduler through its {@link Inbox}. Attempts start on the scheduler thread and end on an HTTP client thread.
 */
final class Attempts implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Attempts.class);

    private final Inbox inbox;
    private final Sender sender;
    private final Journal events;
    private final DeliveryStore deliveryStore;
    private final Subscriptions subscriptions;
    private final Supplier<Formats> formats;
    private final Clock clock;
    private final RandomGenerator random;
    private final Metrics metrics;
    private final OpsEvents ops;
    private volatile boolean closed;
    /**
     * Where an attempt's end is recorded when the delivery log waits on the network (cluster mode: a Kafka round
     * trip): never on the webhook client's selector thread, whose other connections would wait (connects timed out
     * under load when they did); null when appends are local and quick.
     */
    private final java.util.concurrent.ExecutorService recorder;

    Attempts(Inbox inbox, Sender sender, Journal events, DeliveryStore deliveryStore,
             Subscriptions subscriptions, Supplier<Formats> formats, Clock clock, RandomGenerator random,
             Metrics metrics, OpsEvents ops) {
        this.inbox = inbox;
        this.sender = sender;
        this.events = events;
        this.deliveryStore = deliveryStore;
        this.subscriptions = subscriptions;
        this.formats = formats;
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.ops = ops;
        this.recorder = deliveryStore.appendWaitsOnNetwork() ? recorderThreads() : null;
    }

    /**
     * As many as attempts end at once (at most delivery.workers), each gone after a minute idle; one that ends
     * after shutdown is dropped, and stays open in the log (sent again after a restart).
     */
    private static java.util.concurrent.ExecutorService recorderThreads() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "delivery-record-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                }, new java.util.concurrent.ThreadPoolExecutor.DiscardPolicy());
    }

    /** Before the first attempt. */
    void startSender() {
        sender.start();
    }

    /** Error boundary of an attempt's start: whatever goes wrong is recorded and the worker is released. */
    void start(Delivery d) {
        try {
            doStart(d);
        } catch (RuntimeException e) {
            log.error("delivery_start_failed delivery={}", d.id, e);
            end(d, record(d, Kind.ATTEMPT, d.attempts + 1, clock.instant(), "internal error: " + e.getMessage(),
                    DeliveryStatus.FAILED));
        }
    }

    private void doStart(Delivery d) {
        Subscription sub = subscriptions.get(d.subscriptionId());
        if (sub == null || !sub.enabled()) {
            String why = sub == null ? "subscription deleted" : "subscription disabled (" + sub.disabledReason() + ")";
            end(d, record(d, Kind.SKIP, d.attempts, clock.instant(), why, DeliveryStatus.SKIPPED));
            return;
        }
        StoredEvent event = d.event != null ? d.event : readEvent(d.id.seq());
        if (event == null) {
            end(d, record(d, Kind.SKIP, d.attempts, clock.instant(), "event no longer retained", DeliveryStatus.FAILED));
            return;
        }
        WebhookFormat format = formats.get().find(sub.format());
        if (format == null) {
            // a failed attempt like any other: retried on schedule, so the delivery goes once the format is back
            complete(d, sub, event, clock.instant(), new AttemptResult(null, "format \"" + sub.format()
                    + "\" is not defined: add it back under formats: in the config, or change the subscription's format",
                    null, null, 0));
            return;
        }
        byte[] body = d.body != null ? d.body : format.body(event, new FormatOptions(sub.livemode()));
        Instant at = clock.instant();
        Map<String, String> headers = new LinkedHashMap<>(sub.headers());
        headers.putAll(format.headers(event, body, sub.signingSecrets(at), at));
        headers.put("Content-Type", "application/json");
        sender.send(sub.url(), headers, body, sub.timeout(), recorder == null
                ? result -> complete(d, sub, event, at, result)
                : result -> recorder.execute(() -> complete(d, sub, event, at, result)));
    }

    private StoredEvent readEvent(long seq) {
        JournalEntry e = events.read(seq);
        return e == null ? null : EventCodec.decode(e.seq(), e.bytes()).event();
    }

    /**
     * Gathers what {@link RetryDecision} needs, then applies its outcome here and nowhere else: count, log, record,
     * disable, release, report.
     * @param at when the attempt began (its record's time); its retry delay counts from now, its end
     */
    private void complete(Delivery d, Subscription sub, StoredEvent event, Instant at, AttemptResult r) {
        Instant end = clock.instant();
        int attempt = d.attempts + 1;
        SubscriptionHealth health = subscriptions.health();
        int failures = RetryDecision.countsAsFailure(r) ? health.failure(sub.id()) : 0;
        RetryDecision.Outcome o = RetryDecision.decide(r, sub, failures, health.since(sub), attempt - d.base,
                random.nextDouble(), end, event.type());
        metrics.attempt(sub.id(), r.succeeded());
        if (r.succeeded()) {
            health.success(sub.id(), at);
            metrics.delivered(Duration.between(event.createdAt(), end));
            // closes the story of the delivery_failed lines before it; a first-try success stays silent
            if (attempt > 1) {
                log.info("delivery_succeeded subscription={} delivery={} attempt={} status={}", sub.id(), d.id,
                        attempt, r.statusCode());
            }
        } else {
            log.info("delivery_failed subscription={} delivery={} attempt={} status={} error=\"{}\" next={}",
                    sub.id(), d.id, attempt, r.statusCode(), r.error() == null ? "" : r.error(), o.nextAttemptAt());
        }
        d.attempts = attempt;
        d.dueAt = o.nextAttemptAt();
        AttemptRecord rec = new AttemptRecord(d.id, d.eventId, Kind.ATTEMPT, attempt, d.base, at, r.statusCode(),
                r.durationMs(), r.error(), r.response(), o.status(), o.nextAttemptAt(), d.lastPosition);
        // the attempt is on record before anyone hears of its consequences (the disable and the ops event below)
        write(d, rec);
        if (o.disable() != null) {
            log.warn("subscription_disabled subscription={} reason={}", sub.id(), o.disable());
            subscriptions.disable(sub.id(), o.disable(), r.error(), r.statusCode());
        }
        release(d, rec);
        if (o.opsEvent() != null) {
            ObjectNode data = Json.MAPPER.createObjectNode().put("subscriptionId", sub.id())
                    .put("deliveryId", d.id.toString()).put("eventId", d.eventId).put("lastError", r.error());
            if (r.statusCode() == null) data.putNull("lastStatusCode");
            else data.put("lastStatusCode", r.statusCode());
            ops.post(o.opsEvent(), data);
        }
    }

    private static AttemptRecord record(Delivery d, Kind kind, int attempts, Instant at, String error,
                                        DeliveryStatus status) {
        return new AttemptRecord(d.id, d.eventId, kind, attempts, d.base, at, null, 0, error, null, status, null,
                d.lastPosition);
    }

    /** Records a delivery that is not sent at all (its subscription is disabled). */
    void skip(DeliveryId id, String eventId, String why) {
        AttemptRecord r = new AttemptRecord(id, eventId, Kind.SKIP, 0, 0, clock.instant(), null, 0, why, null,
                DeliveryStatus.SKIPPED, null, 0);
        if (append(r) > 0) metrics.finished(id.subscriptionId(), DeliveryStatus.SKIPPED.wire());
    }

    private void end(Delivery d, AttemptRecord rec) {
        write(d, rec);
        release(d, rec);
    }

    private void write(Delivery d, AttemptRecord rec) {
        long position = append(rec);
        if (position > 0) d.lastPosition = position;
    }

    /** Hands the delivery back to the scheduler: done, or waiting for its next retry. */
    private void release(Delivery d, AttemptRecord rec) {
        if (rec.status() == DeliveryStatus.PENDING) d.lighten();
        else metrics.finished(d.subscriptionId(), rec.status().wire());
        inbox.send(new Inbox.Finished(d, rec.status() == DeliveryStatus.PENDING));
    }

    /** The record's position, or 0 when it could not be written (the delivery is then sent again after a restart). */
    long append(AttemptRecord rec) {
        if (closed) return 0; // after shutdown the log is closing: the delivery stays open and is retried on restart
        try {
            return deliveryStore.append(rec);
        } catch (RuntimeException e) {
            log.error("delivery_log_write_failed delivery={}; it will be sent again after a restart", rec.delivery(), e);
            return 0;
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.close();
        if (recorder != null) recorder.shutdown();
    }
}
