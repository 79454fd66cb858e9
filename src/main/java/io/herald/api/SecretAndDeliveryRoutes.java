package io.herald.api;

import io.herald.auth.Callers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.Durations;
import io.herald.config.EventTypeConfig;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.DeliveryStatus;
import io.herald.delivery.DeliveryView;
import io.herald.delivery.Requeues;
import io.herald.ingest.Accepted;
import io.herald.ingest.Poster;
import io.herald.ingest.NewEvent;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionScope;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A subscription's secret, rotation, test event, deliveries and replay, and one delivery by id with its retry
 * (CONTRACT 4.2).
 */
public final class SecretAndDeliveryRoutes {
    private static final String SUB = SubscriptionRoutes.BASE + "/{id}";
    private static final Duration DEFAULT_GRACE = Duration.ofHours(24);

    private final Subscriptions subscriptions;
    private final DeliveryStore deliveryStore;
    private final Requeues requeues;
    private final Poster ingest;
    private final Clock clock;
    private final Supplier<Map<String, EventTypeConfig>> catalog;

    public SecretAndDeliveryRoutes(Subscriptions subscriptions, DeliveryStore deliveryStore, Requeues requeues,
                                   Poster ingest, Clock clock, Supplier<Map<String, EventTypeConfig>> catalog) {
        this.catalog = catalog;
        this.subscriptions = subscriptions;
        this.deliveryStore = deliveryStore;
        this.requeues = requeues;
        this.ingest = ingest;
        this.clock = clock;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get(SUB + "/secret", ctx -> SubscriptionRoutes.json(ctx, 200, Json.MAPPER.createObjectNode()
                .put("secret", scope(ctx).secret(ctx.pathParam("id")).reveal())));
        cfg.routes.post(SUB + "/secret/rotate", this::rotate);
        cfg.routes.post(SUB + "/test", this::test);
        cfg.routes.get(SUB + "/deliveries", this::deliveries);
        cfg.routes.post(SUB + "/replay", this::replay);
        cfg.routes.get("/api/v1/deliveries/{id}", ctx -> SubscriptionRoutes.json(ctx, 200, delivery(ctx).toJson()));
        cfg.routes.post("/api/v1/deliveries/{id}/retry", this::retry);
    }

    private void rotate(Context ctx) {
        String id = ctx.pathParam("id");
        SubscriptionScope scope = scope(ctx);
        scope.require(id);
        JsonNode body = optionalBody(ctx);
        Duration grace = body.hasNonNull("grace") ? duration(body.get("grace"), "grace") : DEFAULT_GRACE;
        String secret = scope.rotate(id, grace).reveal();
        SubscriptionRoutes.json(ctx, 200, Json.MAPPER.createObjectNode().put("secret", secret));
    }

    /**
     * A test event journaled for this one subscription; fan-out delivers it to no one else. With
     * {@code {"eventType": T}} it is the catalog's type T with its example as data, else a webhook.test. A tenant's
     * subscription's test event carries the tenant, so the tenant sees it among its events; a config-file
     * subscription's does not, even when it names a tenant: the operator's subscriptions stay invisible to tenants.
     */
    private void test(Context ctx) {
        Subscription s = enabled(ctx, ctx.pathParam("id"));
        TestEvent t = TestEvent.of(optionalBody(ctx), catalog.get(), s.id());
        Accepted a = ingest.post(new NewEvent(t.type(), t.data(), null, null, s.id(), s.readOnly() ? null : s.tenant()),
                null);
        DeliveryId id = new DeliveryId(a.seq(), s.id());
        SubscriptionRoutes.json(ctx, 202, DeliveryView.pending(id, a.id(), clock.instant()));
    }

    private void deliveries(Context ctx) {
        String id = scope(ctx).require(ctx.pathParam("id")).id();
        int limit = Params.limit(ctx, 100, 1000);
        String statusText = ctx.queryParam("status");
        DeliveryStatus status = null;
        if (statusText != null && !statusText.isBlank()) {
            try {
                status = DeliveryStatus.valueOf(statusText.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw HeraldException.invalid("status must be one of pending, succeeded, failed, skipped");
            }
        }
        String[] cursor = Cursor.of(ctx, 1);
        DeliveryStore.Page page = deliveryStore.list(id, status, limit, cursor == null ? 0 : position(cursor[0]));
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("deliveries");
        page.deliveries().forEach(v -> list.add(v.toJson()));
        if (page.next() == null) root.putNull("next");
        else root.put("next", Cursor.encode(Long.toString(page.next())));
        SubscriptionRoutes.json(ctx, 200, root);
    }

    private static long position(String text) {
        try {
            long p = Long.parseLong(text);
            if (p > 0) return p;
        } catch (NumberFormatException e) {
            // refused below
        }
        throw Cursor.bad();
    }

    private void replay(Context ctx) {
        String id = enabled(ctx, ctx.pathParam("id")).id();
        JsonNode body = SubscriptionRoutes.object(Bodies.json(ctx));
        if (!body.hasNonNull("since")) throw HeraldException.invalid("since is required (an ISO-8601 UTC time)");
        Instant since = instant(body.get("since"), "since");
        Instant until = body.hasNonNull("until") ? instant(body.get("until"), "until") : clock.instant();
        if (until.isBefore(since)) throw HeraldException.invalid("until must not be before since");
        int queued = requeues.replay(id, since, until);
        SubscriptionRoutes.json(ctx, 202, Json.MAPPER.createObjectNode().put("queued", queued));
    }

    private void retry(Context ctx) {
        DeliveryId id = visibleDelivery(ctx);
        DeliveryView view = id == null ? null : requeues.retry(id);
        if (view == null) throw HeraldException.notFound("delivery " + ctx.pathParam("id"));
        SubscriptionRoutes.json(ctx, 202, view.toJson());
    }

    /**
     * The delivery id of the path when it is the caller's to see (its subscription is), else null: another
     * tenant's delivery answers exactly as a missing one.
     */
    private DeliveryId visibleDelivery(Context ctx) {
        DeliveryId id = DeliveryId.parse(ctx.pathParam("id"));
        return id != null && scope(ctx).sees(id.subscriptionId()) ? id : null;
    }

    private DeliveryView delivery(Context ctx) {
        DeliveryId id = visibleDelivery(ctx);
        DeliveryView view = id == null ? null : deliveryStore.find(id);
        if (view == null) throw HeraldException.notFound("delivery " + ctx.pathParam("id"));
        return view;
    }

    /** Sending to a disabled subscription would only record skips: say so instead. */
    private Subscription enabled(Context ctx, String id) {
        Subscription s = scope(ctx).require(id);
        if (!s.enabled()) {
            throw HeraldException.conflict("subscription " + id + " is disabled (" + s.disabledReason()
                    + "): enable it first");
        }
        return s;
    }

    /** The subscriptions this request's caller may see: the only way these routes reach them. */
    private SubscriptionScope scope(Context ctx) {
        return subscriptions.visibleTo(Callers.of(ctx));
    }

    private static JsonNode optionalBody(Context ctx) {
        if (ctx.bodyAsBytes().length == 0) return Json.MAPPER.createObjectNode();
        return SubscriptionRoutes.object(Bodies.json(ctx));
    }

    private static Duration duration(JsonNode v, String name) {
        try {
            return Durations.parse(v.isTextual() ? v.asText() : v.toString());
        } catch (IllegalArgumentException e) {
            throw HeraldException.invalid(name + ": " + e.getMessage());
        }
    }

    private static Instant instant(JsonNode v, String name) {
        try {
            if (v.isTextual()) return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            // falls through
        }
        throw HeraldException.invalid(name + ": " + v + " is not an ISO-8601 UTC time like 2026-11-23T10:00:00Z");
    }
}
