package io.herald.api;

import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.delivery.DeliveryHistory;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryView;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

/** GET /api/v1/deliveries/{id}: one delivery with every attempt. */
public final class DeliveryRoutes {
    private final DeliveryHistory history;

    public DeliveryRoutes(DeliveryHistory history) {
        this.history = history;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/v1/deliveries/{id}", this::one);
    }

    private void one(Context ctx) {
        String text = ctx.pathParam("id");
        DeliveryId id = DeliveryId.parse(text);
        DeliveryView view = id == null ? null : history.find(id);
        if (view == null) throw HeraldException.notFound("delivery " + text);
        ctx.contentType("application/json").result(Json.bytes(view.toJson()));
    }
}
