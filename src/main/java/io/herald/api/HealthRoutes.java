package io.herald.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Descriptors;
import io.herald.core.Json;
import io.herald.journal.Journal;
import io.javalin.config.JavalinConfig;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** GET /health: 200 while the journal takes writes, else 503 (CONTRACT 7). */
public final class HealthRoutes {
    private final Journal journal;
    private final IntSupplier pendingDeliveries;
    private final IntSupplier streamClients;
    private final BooleanSupplier deliveriesLoaded;

    public HealthRoutes(Journal journal, IntSupplier pendingDeliveries, IntSupplier streamClients,
                        BooleanSupplier deliveriesLoaded) {
        this.journal = journal;
        this.deliveriesLoaded = deliveriesLoaded;
        this.pendingDeliveries = pendingDeliveries;
        this.streamClients = streamClients;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/health", ctx -> {
            String problem = journal.unwritableReason();
            boolean ok = problem == null;
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("status", ok ? "ok" : "unavailable");
            n.put("journal", ok ? "writable" : "not writable: " + problem);
            n.put("lastSeq", journal.lastSeq());
            // "loading" for a few seconds after a restart with a long delivery log: events are taken meanwhile
            n.put("deliveries", deliveriesLoaded.getAsBoolean() ? "running" : "loading");
            n.put("pendingDeliveries", pendingDeliveries.getAsInt());
            n.put("streamClients", streamClients.getAsInt());
            // new connections are answered 503 while descriptors are short, whatever the journal says
            n.put("fileDescriptors", Descriptors.PROCESS.probe() ? "ok" : Descriptors.PROCESS.describe());
            ctx.status(ok ? 200 : 503).contentType("application/json").result(Json.bytes(n));
        });
    }
}
