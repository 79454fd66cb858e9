package io.herald.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Herald's Prometheus metrics. One registry per Herald (not the library's global one), so tests that start
 * several in one JVM keep their figures apart. Gauges are read at scrape time from their owners. No exemplars:
 * Herald has no traces to link, and the sampler woke a thread of its own about every 40th event (P5 spread).
 */
public final class Metrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Counter events = Counter.builder().name("herald_events_accepted_total")
            .help("Events journaled (repeats of an idempotent post are not counted)").withoutExemplars()
            .register(registry);
    private final Counter attempts = Counter.builder().name("herald_delivery_attempts_total")
            .help("Delivery attempts by subscription and outcome (success, failure)")
            .labelNames("subscription", "outcome").withoutExemplars().register(registry);
    private final Counter deliveries = Counter.builder().name("herald_deliveries_total")
            .help("Deliveries that reached a final status, by subscription and status (succeeded, failed, skipped)")
            .labelNames("subscription", "status").withoutExemplars().register(registry);
    private final Histogram latency = Histogram.builder().name("herald_delivery_latency_seconds")
            .help("From an event's acceptance to its successful delivery").unit(Unit.SECONDS)
            .classicOnly().classicUpperBounds(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5,
                    10, 30, 60, 300, 1800, 7200, 36000)
            .withoutExemplars().register(registry);

    private final PerMinute perMinute;

    public Metrics(LongSupplier pendingDeliveries, LongSupplier streamClients, LongSupplier eventJournalBytes,
                   LongSupplier deliveryLogBytes, java.time.Clock clock) {
        this.perMinute = new PerMinute(clock);
        GaugeWithCallback.builder().name("herald_pending_deliveries")
                .help("Deliveries queued, waiting for a retry or in flight")
                .callback(cb -> cb.call(pendingDeliveries.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("herald_stream_clients").help("Open Server-Sent Events streams")
                .callback(cb -> cb.call(streamClients.getAsLong())).register(registry);
        GaugeWithCallback.builder().name("herald_journal_bytes").help("Bytes on disk, by journal")
                .unit(Unit.BYTES).labelNames("journal")
                .callback(cb -> {
                    cb.call(eventJournalBytes.getAsLong(), "events");
                    cb.call(deliveryLogBytes.getAsLong(), "deliveries");
                }).register(registry);
    }

    public void eventsAccepted(int n) {
        events.inc(n);
        perMinute.events(n);
    }

    public void attempt(String subscription, boolean success) {
        attempts.labelValues(subscription, success ? "success" : "failure").inc();
        perMinute.attempt(success);
    }

    /** The same counts by minute, for the portal's overview. */
    public PerMinute perMinute() {
        return perMinute;
    }

    public void finished(String subscription, String status) {
        deliveries.labelValues(subscription, status).inc();
    }

    public void delivered(Duration sinceAccepted) {
        latency.observe(Math.max(0, sinceAccepted.toNanos()) / 1e9);
    }

    /** The text exposition format, version 0.0.4. */
    public void write(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.create().getContentType();
    }
}
