package io.herald.app;

import io.herald.config.Config;
import io.herald.delivery.Dispatcher;
import io.herald.ingest.Ingest;
import io.herald.delivery.DeliveryStore;
import io.herald.journal.Journal;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code maintenance} thread: snapshots ingest state, then lets retention delete whole journal cycles that
 * are older than storage.retention and that neither the snapshot nor a pending delivery still needs (in cluster
 * mode, a pending delivery of any node's: {@code clusterKeep}).
 */
final class Maintenance implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Maintenance.class);
    private static final long EVERY_SECONDS = 10;

    private final Journal events;
    private final DeliveryStore deliveryStore;
    private final Ingest ingest;
    private final Dispatcher dispatcher;
    private final Supplier<Config> config;
    private final Clock clock;
    private final Runnable afterRetention;
    private final LongSupplier clusterKeep;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(Threads.named("maintenance"));

    /**
     * @param clusterKeep the oldest seq another node's subscriptions may still need from this node's journal, were
     *                    this node to take them over (cluster mode); {@code Long.MAX_VALUE} on a single node
     */
    Maintenance(Journal events, DeliveryStore deliveryStore, Ingest ingest, Dispatcher dispatcher, Supplier<Config> config,
                Clock clock, LongSupplier clusterKeep, Runnable afterRetention) {
        this.afterRetention = afterRetention;
        this.clusterKeep = clusterKeep;
        this.events = events;
        this.deliveryStore = deliveryStore;
        this.ingest = ingest;
        this.dispatcher = dispatcher;
        this.config = config;
        this.clock = clock;
    }

    void start() {
        thread.scheduleWithFixedDelay(this::run, EVERY_SECONDS, EVERY_SECONDS, TimeUnit.SECONDS);
    }

    /** Error boundary: a failed round is logged and the next one runs as usual. */
    void run() {
        try {
            runOnce();
        } catch (Exception | Error e) {
            log.error("maintenance_failed, will keep running", e);
        }
    }

    void runOnce() throws Exception {
        ingest.snapshot();
        Instant cutoff = clock.instant().minus(config.get().storage().retention());
        long keep = Math.min(Math.min(ingest.keepFromSeq(), dispatcher.keepFromSeq()), clusterKeep.getAsLong());
        events.deleteBefore(cutoff, keep);
        deliveryStore.deleteBefore(cutoff);
        ingest.prune();
        afterRetention.run();
    }

    @Override
    public void close() {
        thread.shutdown();
        try {
            thread.awaitTermination(10, TimeUnit.SECONDS);
            ingest.snapshot();
        } catch (Exception e) {
            log.warn("final_snapshot_failed; the journal will be replayed at the next start", e);
        }
    }
}
