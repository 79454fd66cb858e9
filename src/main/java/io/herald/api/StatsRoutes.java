package io.herald.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import io.herald.metrics.PerMinute;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionHealth;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;
import java.util.Comparator;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code GET /api/v1/stats}: what the portal's overview shows in one answer: events and deliveries per minute over
 * the last hour, pending deliveries, and which subscriptions are disabled or failing.
 */
public final class StatsRoutes {
    /** Each list stops here; the counts beside it say how many there are in all. */
    static final int MAX_LISTED = 100;

    private final PerMinute perMinute;
    private final IntSupplier pendingDeliveries;
    private final Subscriptions subscriptions;

    public StatsRoutes(PerMinute perMinute, IntSupplier pendingDeliveries, Subscriptions subscriptions) {
        this.perMinute = perMinute;
        this.pendingDeliveries = pendingDeliveries;
        this.subscriptions = subscriptions;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/stats", ctx -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode minutes = root.putArray("minutes");
            for (PerMinute.Minute m : perMinute.last()) {
                minutes.addObject().put("at", Timestamps.format(m.at())).put("events", m.events())
                        .put("delivered", m.delivered()).put("failedAttempts", m.failedAttempts());
            }
            root.put("pendingDeliveries", pendingDeliveries.getAsInt());
            root.set("subscriptions", subscriptionHealth());
            SubscriptionRoutes.json(ctx, 200, root);
        });
    }

    private ObjectNode subscriptionHealth() {
        List<Subscription> all = subscriptions.all();
        SubscriptionHealth health = subscriptions.health();
        List<Subscription> disabled = all.stream().filter(s -> !s.enabled()).toList();
        List<Subscription> failing = all.stream().filter(s -> s.enabled() && health.failures(s.id()) > 0)
                .sorted(Comparator.comparingInt((Subscription s) -> health.failures(s.id())).reversed()).toList();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("total", all.size());
        n.put("disabledCount", disabled.size());
        ArrayNode d = n.putArray("disabled");
        disabled.stream().limit(MAX_LISTED).forEach(s -> d.addObject().put("id", s.id())
                .put("disabledReason", s.disabledReason()));
        n.put("failingCount", failing.size());
        ArrayNode f = n.putArray("failing");
        failing.stream().limit(MAX_LISTED).forEach(s -> f.addObject().put("id", s.id())
                .put("consecutiveFailures", health.failures(s.id())));
        return n;
    }
}
