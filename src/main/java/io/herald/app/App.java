package io.herald.app;

import io.herald.cluster.ClusterStart;
import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigWatcher;
import io.herald.core.OpsEventQueue;
import io.herald.core.StateException;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.delivery.ChronicleDeliveryStore;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Requeues;
import io.herald.delivery.Sender;
import io.herald.ingest.NewEvent;
import io.herald.ingest.Poster;
import io.herald.metrics.Metrics;
import io.herald.subscription.SubscriptionStates;
import io.herald.subscription.SubscriptionStore;
import io.herald.subscription.Subscriptions;
import io.herald.net.GuardedResolver;
import io.herald.ingest.Ingest;
import io.herald.stream.Streams;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.journal.Journal;
import io.javalin.Javalin;
import io.javalin.util.JavalinBindException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import net.openhft.chronicle.queue.RollCycles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one wiring point: builds every part with {@code new}, starts them in order and stops them in the reverse
 * order (intake, then workers, then storage). Tests start the same App on port 0.
 */
public final class App implements AutoCloseable {
    static {
        ChronicleSetup.quiet();
    }

    private static final Logger log = LoggerFactory.getLogger(App.class);

    private final Path configFile;
    private final LiveConfig live;
    private final Journal events;
    private final DeliveryStore deliveryStore;
    private final Ingest ingest;
    /** where the API's posts go: ingest on a single node, the replicated log in cluster mode */
    private final Poster poster;
    /** cluster mode only (storage.kind: kafka), else null */
    private final ClusterNode cluster;
    private final SubscriptionStore store;
    private final Subscriptions subscriptions;
    private final Dispatcher dispatcher;
    private final Javalin http;
    private final Maintenance maintenance;
    private final Streams streams;
    private final OpsEventQueue ops;
    private final StorageLock lock;
    private ConfigWatcher watcher;
    /** what {@link #start} got to, so that {@link #stop} undoes exactly that */
    private volatile boolean dispatcherRecovered, httpStarted, maintenanceStarted, stopped;
    private volatile Consumer<RuntimeException> onFailure =
            e -> log.error("herald_failed reason=\"{}\" (Herald keeps serving; restart it)", e.getMessage());

    /** Reads what cannot be rebuilt (subscriptions) before it opens the journals; registers what needs closing. */
    private App(Config config, Path configFile, Clock clock, DiskGuard disk, StorageLock lock, Closer opened) {
        this.live = new LiveConfig(config);
        this.configFile = configFile;
        this.lock = lock;
        Path dir = config.storage().dir();
        // first: an unreadable subscription store refuses to start before any journal is open
        this.store = opened.add(new SubscriptionStore(dir.resolve("subscriptions.json"), config.delivery()));
        this.ops = new OpsEventQueue(this::journalOpsEvent);
        this.subscriptions = new Subscriptions(config, new SubscriptionStates(dir.resolve("subscription-states.json")),
                store, clock, this.ops,
                configFile == null ? "config.yaml" : ConfigLoader.label(configFile));
        subscriptions.all().stream().filter(s -> !live.formats().has(s.format())).forEach(s -> log.warn(
                "subscription_format_missing subscription={} format={}; its attempts fail until formats: in the config"
                        + " defines it again", s.id(), s.format()));
        Signal appended = new Signal();
        RecentEvents recent = new RecentEvents();
        this.events = opened.add(new ChronicleJournal(dir.resolve("events"), RollCycles.FAST_DAILY, clock, disk));
        DeliveryStore localDeliveries = opened.add(new ChronicleDeliveryStore(
                new ChronicleJournal(dir.resolve("deliveries"), RollCycles.FAST_DAILY, clock, disk)));
        Metrics metrics = new Metrics(this::pendingDeliveries, this::streamClients, events::sizeBytes,
                localDeliveries::sizeBytes, clock);
        this.ingest = new Ingest(events, clock, appended, recent, dir.resolve("ingest.snapshot"), metrics::eventsAccepted);
        ingest.wakeDeliveryFor(e -> e.target() != null || subscriptions.anyReceives(e.tenant(), e.type()));
        // cluster mode: the local journal is a replica of PREFIX.events; posts go to Kafka and come back through it
        this.cluster = config.storage().cluster() ? new ClusterNode(config, clock, ingest, events, subscriptions,
                localDeliveries, opened) : null;
        // cluster mode: the delivery log goes through PREFIX.deliveries, and the local store is its replica
        this.deliveryStore = cluster != null ? cluster.deliveries : localDeliveries;
        this.poster = cluster != null ? cluster.events : ingest;
        Sender sender = new Sender(new GuardedResolver(Executors.newCachedThreadPool(Threads.named("dns-resolver")),
                live::addressPolicy), config.delivery().workers(), "Herald/" + Version.get());
        this.dispatcher = new Dispatcher(events, deliveryStore, subscriptions, live::formats, sender, clock, appended, recent,
                dir.resolve("dispatch.checkpoint"), () -> live.config().delivery().workers(), new SecureRandom(), metrics,
                this.ops);
        dispatcher.onLoadFailed(e -> onFailure.accept(new StateException(dir.resolve("deliveries"), "the delivery log"
                + " cannot be read: " + e.getMessage() + "; move the folder away to start with an empty delivery log"
                + " (deliveries of events after dispatch.checkpoint may then be sent again)")));
        Requeues requeues = new Requeues(deliveryStore, events, dispatcher, clock, cluster != null);
        this.streams = new Streams(events, recent, config.server().keepalive(), cluster != null);
        ingest.afterAppend(streams.hub()::publishNow); // the posting thread publishes its events to streams
        this.maintenance = new Maintenance(events, deliveryStore, ingest, dispatcher, live::config, clock,
                cluster != null ? cluster::keepFromSeq : () -> Long.MAX_VALUE, () -> {
                    streams.hub().pruneIndex();
                });
        OpenFiles.raiseToHardLimit(); // before the first accept: each connection holds a descriptor
        this.http = HttpApi.build(config.server(), new HttpApi.Parts(live::config, clock, poster, events, ingest,
                dispatcher, streams, deliveryStore, cluster == null ? null : cluster.health(), subscriptions,
                live::formats, live::addressPolicy, requeues, metrics, this::port));
    }

    public static App create(Config config, Path configFile, Clock clock) {
        return create(config, configFile, clock, new DiskGuard(DiskGuard.DEFAULT_MIN_FREE));
    }

    /**
     * Takes storage.dir's lock before anything else touches it (one Herald per directory), checks that the port is
     * free, then builds the app. A failure closes whatever was opened and releases the lock. Also for tests that
     * simulate a full disk.
     *
     * @throws StateException for a storage.dir Herald cannot use or state under it that it cannot read
     * @throws StartException for a port in use or one Herald cannot listen on
     * @throws io.herald.cluster.ClusterException for cluster storage that cannot be used (Kafka unreachable)
     */
    public static App create(Config config, Path configFile, Clock clock, DiskGuard disk) {
        if (config.storage().cluster()) ClusterStart.prepare(config); // before any local state: Kafka, its topics
        StorageLock lock = StorageLock.acquire(config.storage().dir());
        Closer opened = new Closer();
        opened.add(lock);
        try {
            Port.check(config.server().host(), config.server().port()); // before any state is read: fail fast
            return new App(config, configFile, clock, disk, lock, opened);
        } catch (RuntimeException | Error e) {
            opened.closeAfter(e);
            throw e;
        }
    }

    /**
     * Who hears of a failure after {@link #start} returned that leaves Herald unable to do its job (the delivery
     * log cannot be read). {@code Main} stops Herald and exits 2; by default it is logged. Set before start.
     */
    public App onFailure(Consumer<RuntimeException> handler) {
        this.onFailure = handler;
        return this;
    }

    /**
     * Reads state first (ingest snapshot and journal, checkpoint), then binds the port, then starts the threads.
     * Any failure stops what had started, closes the journals and releases storage.dir: Herald never keeps
     * serving HTTP without its dispatcher.
     *
     * @throws StartException for a port in use or one Herald cannot listen on
     * @throws StateException for state under storage.dir that cannot be read
     */
    public App start() {
        try {
            ingest.recover();
            if (cluster != null) cluster.startReplica(); // from the local journal's position on
            dispatcher.recover();
            dispatcherRecovered = true;
            if (cluster != null) cluster.attach(dispatcher); // ownership and resume points, before it starts
            // intake next: the stream tailer and the delivery-log loader then read their history in the background
            // without holding up the first request after a restart
            httpStarted = true; // before the attempt: a failed one may still have started some of Jetty
            startHttp();
            streams.start();
            ops.start();
            dispatcher.start();
            if (cluster != null) cluster.started(port()); // joins the delivery group: ownership comes after start
            maintenanceStarted = true;
            maintenance.start();
            if (configFile != null) watcher = new ConfigWatcher(configFile, this::reload);
        } catch (RuntimeException | Error e) {
            try {
                stop();
            } catch (RuntimeException | Error stopFailed) {
                e.addSuppressed(stopFailed);
            }
            throw e;
        }
        log.info("herald_started version={} address={}:{} subscriptions={} storage={}", Version.get(),
                live.config().server().host(), port(), subscriptions.all().size(), live.config().storage().dir());
        return this;
    }

    private void startHttp() {
        try {
            http.start();
        } catch (JavalinBindException e) {
            throw Port.inUse(live.config().server().host(), live.config().server().port());
        }
    }

    public int port() {
        return http.port();
    }

    /**
     * Applies an edited config.yaml that already passed validation.
     * @throws io.herald.config.ConfigException when it clashes with API subscriptions (nothing is applied)
     */
    void reload(Config next) {
        Config old = live.config();
        subscriptions.update(next);
        live.set(next);
        if (cluster != null) cluster.reloaded(next);
        if (!next.server().equals(old.server()) || !next.storage().equals(old.storage())) {
            log.warn("config_reload_partial server.* and storage.* changes take effect after a restart");
        }
        log.info("config_reloaded subscriptions={}", next.subscriptions().size());
    }

    /**
     * Stops intake, lets deliveries in flight finish (at most delivery.timeout), then closes storage and releases
     * storage.dir. Stops only what had started, so it also undoes a start that failed part-way. Every step runs
     * even if one before it fails; the first failure is thrown at the end.
     */
    public void stop() {
        if (stopped) return;
        stopped = true;
        log.info("herald_stopping");
        Closer steps = new Closer();
        if (watcher != null) steps.add(watcher);
        steps.add(streams);
        if (httpStarted) steps.add(http::stop);
        if (cluster != null) steps.add(cluster::leave);
        if (dispatcherRecovered) steps.add(() -> dispatcher.shutdown(live.config().delivery().timeout()));
        if (cluster != null) steps.add(cluster);
        steps.add(ops); // after the dispatcher, whose last attempts may post; before the journal closes
        if (maintenanceStarted) steps.add(maintenance);
        steps.add(store);
        steps.add(events);
        steps.add(deliveryStore);
        steps.add(lock);
        steps.closeInOrder();
        log.info("herald_stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * Runs one round of snapshot and retention now, instead of waiting for the maintenance thread, once fan-out has
     * read every event; in cluster mode with the resume points read now, not up to a period ago.
     */
    public void maintainNow() throws Exception {
        dispatcher.awaitFannedOut(events.lastSeq(), java.time.Duration.ofSeconds(10)); // as its next round would
        if (cluster != null) cluster.refreshKeep();
        maintenance.runOnce();
    }

    private long pendingDeliveries() {
        return dispatcher.pending();
    }

    private long streamClients() {
        return streams.clients();
    }

    /** Journals a herald.* event (CONTRACT 4.5) on the ops-events thread ({@link OpsEventQueue}). */
    private void journalOpsEvent(String type, com.fasterxml.jackson.databind.node.ObjectNode data) {
        poster.post(new NewEvent(type, data, null, null), null);
    }

    /** Every HTTP route as "METHOD /path/{template}", for tests that walk them all. */
    public java.util.List<String> routes() {
        return HttpApi.routes(http);
    }

    public Config config() {
        return live.config();
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

    public Streams streams() {
        return streams;
    }

}
