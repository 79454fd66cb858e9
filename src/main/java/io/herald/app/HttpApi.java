package io.herald.app;

import io.herald.api.Errors;
import io.herald.api.EventDeliveriesRoutes;
import io.herald.api.EventRoutes;
import io.herald.api.InlinePosts;
import io.herald.api.EventTypeRoutes;
import io.herald.api.HealthRoutes;
import io.herald.api.MetricsRoutes;
import io.herald.api.ReadRoutes;
import io.herald.api.SecretAndDeliveryRoutes;
import io.herald.api.StatsRoutes;
import io.herald.api.SubscriptionRoutes;
import io.herald.api.SubscriptionStatsRoutes;
import io.herald.api.TenantRoutes;
import io.herald.auth.ApiKeys;
import io.herald.auth.CorsHeaders;
import io.herald.config.Config;
import io.herald.config.Durations;
import io.herald.config.ServerConfig;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.Dispatcher;
import io.herald.delivery.Requeues;
import io.herald.format.Formats;
import io.herald.ingest.Ingest;
import io.herald.ingest.Poster;
import io.herald.journal.Journal;
import io.herald.metrics.Metrics;
import io.herald.net.AddressPolicy;
import io.herald.portal.PortalRoutes;
import io.herald.stream.StreamRoutes;
import io.herald.stream.Streams;
import io.herald.stream.TokenRoutes;
import io.herald.stream.Tokens;
import io.herald.subscription.Subscriptions;
import io.herald.tenant.TenantAccess;
import io.javalin.Javalin;
import java.time.Clock;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * Herald's HTTP side, as {@link App} builds it once: Jetty set up ({@link JettySetup}), the one authorization check
 * before every matched route ({@link TenantAccess}), the one error mapping ({@link Errors}), then every route with
 * the parts it serves. Split out of App, which wires the parts themselves.
 */
final class HttpApi {
    private HttpApi() {}

    /**
     * What the routes serve, as App built it. Suppliers for what a config reload replaces.
     *
     * @param clusterHealth null on a single node
     * @param port the port bound once started (public URLs name it)
     */
    record Parts(Supplier<Config> config, Clock clock, Poster poster, Journal events, Ingest ingest,
                 Dispatcher dispatcher, Streams streams, DeliveryStore deliveries, HealthRoutes.Cluster clusterHealth,
                 Subscriptions subscriptions, Supplier<Formats> formats, Supplier<AddressPolicy> addressPolicy,
                 Requeues requeues, Metrics metrics, IntSupplier port) {}

    static Javalin build(ServerConfig server, Parts p) {
        Supplier<Config> config = p.config();
        ApiKeys apiKeys = new ApiKeys(() -> config.get().auth());
        return Javalin.create(cfg -> {
            Tokens tokens = new Tokens(() -> config.get().auth().tokenSecret(), p.clock());
            // who may call what: one check before every matched route (tenant/TenantAccess), and before the
            // routes served on Jetty itself, in front of Javalin's: event posts and streams
            TenantAccess access = new TenantAccess(apiKeys, tokens, () -> config.get().server().metricsPublic());
            cfg.routes.beforeMatched(access::check);
            JettySetup.configure(cfg, server, new EventRoutes(p.poster(), access, new CorsHeaders(server.corsOrigins())));
            StreamRoutes streams = new StreamRoutes(p.streams(), p.events(), p.ingest(), apiKeys, tokens, p.clock(),
                    access, server.corsOrigins());
            cfg.jetty.modifyServer(jetty -> {
                jetty.insertHandler(streams);
                // outermost: it decides which thread serves each request (event posts where they were read)
                jetty.insertHandler(new InlinePosts(p.poster().answersLocally()));
                // a dynamic server counts as blocking whatever its handlers say, so Jetty would never run one inline
                jetty.setDynamic(false);
            });
            Errors.install(cfg);
            new ReadRoutes(p.events(), p.ingest().state()).install(cfg);
            new HealthRoutes(p.events(), p.dispatcher()::pending, p.streams()::clients, p.deliveries()::loaded,
                    p.clusterHealth()).install(cfg);
            new SubscriptionRoutes(p.subscriptions(), config, p.formats(), p.addressPolicy()).install(cfg);
            new SecretAndDeliveryRoutes(p.subscriptions(), p.deliveries(), p.requeues(), p.poster(), p.clock(),
                    () -> config.get().eventTypes()).install(cfg);
            new EventTypeRoutes(config).install(cfg);
            new StatsRoutes(p.metrics().perMinute(), p.dispatcher()::pending, p.subscriptions()).install(cfg);
            new SubscriptionStatsRoutes(p.subscriptions(), p.deliveries()).install(cfg);
            new EventDeliveriesRoutes(p.events(), p.ingest().state(), p.subscriptions(), p.deliveries()).install(cfg);
            new PortalRoutes(() -> config.get().server().portalFrameAncestors()).install(cfg);
            new MetricsRoutes(p.metrics(), apiKeys, () -> config.get().server().metricsPublic()).install(cfg);
            new TokenRoutes(tokens, Durations::parse).install(cfg);
            new TenantRoutes(p.subscriptions(), p.ingest().state().tenantsLastEvent(), tokens, Durations::parse,
                    () -> config.get().server().publicUrl(p.port().getAsInt())).install(cfg);
        });
    }

    /** Every route of {@code http} as "METHOD /path/{template}": those served on Jetty itself, then Javalin's. */
    static java.util.List<String> routes(Javalin http) {
        return java.util.stream.Stream.concat(java.util.stream.Stream.concat(StreamRoutes.ROUTES.stream(),
                EventRoutes.ROUTES.stream()),
                http.unsafe.internalRouter.allHttpHandlers().stream().map(p -> p.endpoint)
                        .filter(e -> e.method.isHttpMethod())
                        .map(e -> e.method.name() + " " + e.path)).distinct().toList();
    }
}
