package io.herald.app;

import io.herald.api.ApiKeys;
import io.herald.api.Errors;
import io.herald.api.EventRoutes;
import io.herald.api.HealthRoutes;
import io.herald.api.MetricsRoutes;
import io.herald.api.ReadRoutes;
import io.herald.api.SecretAndDeliveryRoutes;
import io.herald.api.SubscriptionRoutes;
import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import io.herald.config.ConfigWatcher;
import io.herald.config.Durations;
import io.herald.core.OpsEvents;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.delivery.DeliveryLog;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Requeues;
import io.herald.delivery.Sender;
import io.herald.ingest.NewEvent;
import io.herald.metrics.Metrics;
import io.herald.subscription.SubscriptionStates;
import io.herald.subscription.SubscriptionStore;
import io.herald.subscription.Subscriptions;
import io.herald.delivery.format.Formats;
import io.herald.delivery.net.AddressPolicy;
import io.herald.delivery.net.GuardedResolver;
import io.herald.ingest.Ingest;
import io.herald.stream.StreamRoutes;
import io.herald.stream.Streams;
import io.herald.stream.TokenRoutes;
import io.herald.stream.Tokens;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.journal.Journal;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.Executors;
import net.openhft.chronicle.queue.RollCycles;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
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
    private final Clock clock;
    private volatile Config config;
    private volatile Formats formats;
    private volatile AddressPolicy addressPolicy;
    private final Journal events;
    private final Journal deliveryJournal;
    private final DeliveryLog deliveryLog;
    private final Metrics metrics;
    private final Ingest ingest;
    private final Subscriptions subscriptions;
    private final Dispatcher dispatcher;
    private final Requeues requeues;
    private final Javalin http;
    private final Maintenance maintenance;
    private final Streams streams;
    private ConfigWatcher watcher;

    private App(Config config, Path configFile, Clock clock, DiskGuard disk) {
        this.config = config;
        this.configFile = configFile;
        this.clock = clock;
        Path dir = config.storage().dir();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create storage.dir " + dir, e);
        }
        this.formats = Formats.of(config.formats());
        this.addressPolicy = new AddressPolicy(config.delivery().allowNetworks());
        Signal appended = new Signal();
        RecentEvents recent = new RecentEvents();
        this.events = new ChronicleJournal(dir.resolve("events"), RollCycles.FAST_DAILY, clock, disk);
        this.deliveryJournal = new ChronicleJournal(dir.resolve("deliveries"), RollCycles.FAST_DAILY, clock, disk);
        this.deliveryLog = new DeliveryLog(deliveryJournal);
        this.metrics = new Metrics(this::pendingDeliveries, this::streamClients, events::sizeBytes,
                deliveryJournal::sizeBytes);
        this.ingest = new Ingest(events, clock, appended, recent, dir.resolve("ingest.snapshot"), metrics::eventsAccepted);
        OpsEvents ops = this::postOpsEvent;
        this.subscriptions = new Subscriptions(config, new SubscriptionStates(dir.resolve("subscription-states.json")),
                new SubscriptionStore(dir.resolve("subscriptions.json"), config.delivery()), clock, ops,
                configFile == null ? "config.yaml" : ConfigLoader.label(configFile));
        Sender sender = new Sender(new GuardedResolver(Executors.newCachedThreadPool(Threads.named("dns-resolver")),
                () -> addressPolicy), config.delivery().workers(), "Herald/" + Version.get());
        this.dispatcher = new Dispatcher(events, deliveryLog, subscriptions, () -> formats, sender, clock, appended, recent,
                dir.resolve("dispatch.checkpoint"), () -> this.config.delivery().workers(), new SecureRandom(), metrics,
                ops);
        this.requeues = new Requeues(deliveryLog, events, dispatcher, clock);
        this.streams = new Streams(events, appended, recent, config.server().keepalive());
        this.maintenance = new Maintenance(events, deliveryJournal, ingest, dispatcher, () -> this.config, clock,
                () -> {
                    streams.hub().pruneIndex();
                    deliveryLog.prune();
                });
        this.http = buildHttp(config);
    }

    public static App create(Config config, Path configFile, Clock clock) {
        return new App(config, configFile, clock, new DiskGuard(DiskGuard.DEFAULT_MIN_FREE));
    }

    /** For tests that need to simulate a full disk. */
    public static App create(Config config, Path configFile, Clock clock, DiskGuard disk) {
        return new App(config, configFile, clock, disk);
    }

    private Javalin buildHttp(Config c) {
        ApiKeys apiKeys = new ApiKeys(() -> this.config.auth());
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("http");
        return Javalin.create(cfg -> {
            cfg.startup.showJavalinBanner = false;
            cfg.startup.showOldJavalinVersionWarning = false;
            cfg.http.maxRequestSize = c.server().maxBody();
            cfg.http.prefer405over404 = true;
            cfg.jetty.threadPool = pool;
            cfg.jetty.host = c.server().host();
            cfg.jetty.port = c.server().port();
            // the path only: query strings may carry stream tokens, which must never reach a log
            cfg.requestLogger.http((ctx, ms) -> log.debug("http method={} path={} status={} ms={}",
                    ctx.method(), ctx.path(), ctx.status().getCode(), ms));
            cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
            // an API answer aggregates its writes in a buffer of this size (8 KB: it rarely needs more); streams
            // write whole frames past it (stream/StreamClient), so an open stream holds no such buffer
            cfg.jetty.modifyHttpConfiguration(hc -> hc.setOutputBufferSize(8192));
            if (!c.server().corsOrigins().isEmpty()) {
                cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    if (c.server().corsOrigins().contains("*")) rule.anyHost();
                    else c.server().corsOrigins().forEach(o -> rule.allowHost(o));
                    rule.exposeHeader("Content-Type");
                }));
            }
            cfg.routes.beforeMatched("/api/v1/*", apiKeys::require);
            Errors.install(cfg);
            new EventRoutes(ingest, c.server().maxBody()).install(cfg);
            new ReadRoutes(events, ingest.state()).install(cfg);
            new HealthRoutes(events, dispatcher::pending, streams::clients, deliveryLog::loaded).install(cfg);
            new SubscriptionRoutes(subscriptions, () -> this.config, () -> addressPolicy).install(cfg);
            new SecretAndDeliveryRoutes(subscriptions, deliveryLog, requeues, ingest, clock).install(cfg);
            new MetricsRoutes(metrics, apiKeys, () -> this.config.server().metricsPublic()).install(cfg);
            Tokens tokens = new Tokens(() -> this.config.auth().tokenSecret(), clock);
            new TokenRoutes(tokens, Durations::parse).install(cfg);
            new StreamRoutes(streams, events, ingest, apiKeys, tokens, clock).install(cfg);
        });
    }

    public App start() {
        // intake first: the stream tailer and the delivery-log loader then read their history in the background
        // without holding up the first request after a restart
        try {
            ingest.recover();
            http.start();
            streams.start();
            dispatcher.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot recover from storage.dir", e);
        }
        maintenance.start();
        if (configFile != null) watcher = new ConfigWatcher(configFile, this::reload);
        log.info("herald_started version={} address={}:{} subscriptions={} storage={}", Version.get(),
                config.server().host(), port(), subscriptions.all().size(), config.storage().dir());
        return this;
    }

    public int port() {
        return http.port();
    }

    /**
     * Applies an edited config.yaml that already passed validation.
     * @throws io.herald.config.ConfigException when it clashes with API subscriptions (nothing is applied)
     */
    void reload(Config next) {
        Config old = config;
        subscriptions.update(next);
        formats = Formats.of(next.formats());
        addressPolicy = new AddressPolicy(next.delivery().allowNetworks());
        config = next;
        if (!next.server().equals(old.server()) || !next.storage().equals(old.storage())) {
            log.warn("config_reload_partial server.* and storage.* changes take effect after a restart");
        }
        log.info("config_reloaded subscriptions={}", next.subscriptions().size());
    }

    /** Stops intake, lets deliveries in flight finish (at most delivery.timeout), then closes storage. */
    public void stop() {
        log.info("herald_stopping");
        if (watcher != null) watcher.close();
        streams.close();
        http.stop();
        dispatcher.shutdown(config.delivery().timeout());
        maintenance.close();
        events.close();
        deliveryJournal.close();
        log.info("herald_stopped");
    }

    @Override
    public void close() {
        stop();
    }

    /** Runs one round of snapshot and retention now, instead of waiting for the maintenance thread. */
    public void maintainNow() throws Exception {
        maintenance.runOnce();
    }

    private long pendingDeliveries() {
        return dispatcher.pending();
    }

    private long streamClients() {
        return streams.clients();
    }

    /** Journals a herald.* event (CONTRACT 4.5); a failure is logged, never thrown at the delivery that caused it. */
    private void postOpsEvent(String type, com.fasterxml.jackson.databind.node.ObjectNode data) {
        try {
            ingest.post(new NewEvent(type, data, null, null), null);
        } catch (RuntimeException e) {
            log.warn("ops_event_not_journaled type={} reason=\"{}\"", type, e.getMessage());
        }
    }

    public Config config() {
        return config;
    }

    public Dispatcher dispatcher() {
        return dispatcher;
    }

}
