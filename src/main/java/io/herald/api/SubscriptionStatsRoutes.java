package io.herald.api;

import io.herald.auth.Callers;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.delivery.AttemptRecord;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.DeliveryStatus;
import io.herald.delivery.DeliveryView;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;

/**
 * {@code GET /api/v1/subscriptions/{id}/stats}: a subscription's health for the portal's list: its last attempt,
 * the share of its recent deliveries that got through, and its run of consecutive failures. Read from the delivery
 * log, so it is as true after a restart as before.
 */
public final class SubscriptionStatsRoutes {
    /** The success rate looks at this many of the most recently active deliveries that were attempted. */
    static final int RECENT = 100;
    /** Skipped deliveries (a disabled subscription) are passed over, but never more than this many in all. */
    static final int MAX_VISITED = 1_000;

    private final Subscriptions subscriptions;
    private final DeliveryStore deliveryStore;

    public SubscriptionStatsRoutes(Subscriptions subscriptions, DeliveryStore deliveryStore) {
        this.subscriptions = subscriptions;
        this.deliveryStore = deliveryStore;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get(SubscriptionRoutes.BASE + "/{id}/stats", ctx -> {
            String id = subscriptions.visibleTo(Callers.of(ctx)).require(ctx.pathParam("id")).id();
            deliveryStore.requireLoaded();
            SubscriptionRoutes.json(ctx, 200, stats(id));
        });
    }

    private ObjectNode stats(String id) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("subscriptionId", id);
        root.put("consecutiveFailures", subscriptions.health().failures(id));
        AttemptRecord[] last = new AttemptRecord[1];
        int[] counts = new int[3]; // visited, attempted, succeeded
        deliveryStore.eachDelivery(id, e -> {
            AttemptRecord r = e.record();
            counts[0]++;
            // a delivery's newest record tells how its latest attempt went: still pending after an attempt means
            // that attempt failed and a retry is waiting; a requeue or a skip has no outcome to count yet
            if (r.kind() == AttemptRecord.Kind.ATTEMPT) {
                if (last[0] == null) last[0] = r;
                counts[1]++;
                if (r.status() == DeliveryStatus.SUCCEEDED) counts[2]++;
            }
            return counts[1] < RECENT && counts[0] < MAX_VISITED;
        });
        if (last[0] == null) root.putNull("lastAttempt");
        else root.set("lastAttempt", attempt(last[0]));
        ObjectNode recent = root.putObject("recent");
        recent.put("deliveries", counts[1]);
        recent.put("succeeded", counts[2]);
        if (counts[1] == 0) recent.putNull("successRate");
        else recent.put("successRate", (double) counts[2] / counts[1]);
        return root;
    }

    /** The attempt as a delivery shows it, with the delivery it belongs to and whether it got through. */
    private static ObjectNode attempt(AttemptRecord r) {
        ObjectNode a = DeliveryView.attempt(r);
        a.put("deliveryId", r.delivery().toString());
        a.put("eventId", r.eventId());
        a.put("succeeded", r.succeeded());
        return a;
    }
}
