package io.herald.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.Config;
import io.herald.config.EventTypeConfig;
import io.herald.core.Json;
import io.javalin.config.JavalinConfig;
import java.util.function.Supplier;

/** {@code GET /api/v1/event-types}: the catalog of config.yaml, in name order (CONTRACT 9). */
public final class EventTypeRoutes {
    private final Supplier<Config> config;

    public EventTypeRoutes(Supplier<Config> config) {
        this.config = config;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/event-types", ctx -> {
            ObjectNode root = Json.MAPPER.createObjectNode();
            ArrayNode list = root.putArray("eventTypes");
            for (EventTypeConfig t : config.get().eventTypes().values()) {
                list.addObject().put("name", t.name()).put("description", t.description()).set("example", t.exampleCopy());
            }
            SubscriptionRoutes.json(ctx, 200, root);
        });
    }
}
