package io.herald.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Descriptors;
import io.herald.core.Json;
import io.herald.journal.Journal;
import io.javalin.config.JavalinConfig;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** GET /health: 200 while the journal takes writes (and, in cluster mode, Kafka), else 503 (CONTRACT 7, 11). */
public final class HealthRoutes {
    private final Journal journal;
    private final IntSupplier pendingDeliveries;
    private final IntSupplier streamClients;
    private final BooleanSupplier deliveriesLoaded;
    private final Cluster cluster;

    /**
     * What cluster mode adds to /health.
     *
     * @param kafkaProblem why events cannot be stored in Kafka now, or null when they can
     * @param configDiffers one line per live node whose config differs (config_differs), empty when none
     */
    public record Cluster(Supplier<String> kafkaProblem, Supplier<List<String>> configDiffers) {}

    /** @param cluster null on a single node */
    public HealthRoutes(Journal journal, IntSupplier pendingDeliveries, IntSupplier streamClients,
                        BooleanSupplier deliveriesLoaded, Cluster cluster) {
        this.journal = journal;
        this.deliveriesLoaded = deliveriesLoaded;
        this.pendingDeliveries = pendingDeliveries;
        this.streamClients = streamClients;
        this.cluster = cluster;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/health", ctx -> {
            String problem = journal.unwritableReason();
            String kafka = cluster == null ? null : cluster.kafkaProblem().get();
            boolean ok = problem == null && kafka == null;
            ObjectNode n = Json.MAPPER.createObjectNode();
            n.put("status", ok ? "ok" : "unavailable");
            n.put("journal", problem == null ? "writable" : "not writable: " + problem);
            if (cluster != null) n.put("kafka", kafka == null ? "reachable" : kafka);
            n.put("lastSeq", journal.lastSeq());
            // "loading" for a few seconds after a restart with a long delivery log: events are taken meanwhile
            n.put("deliveries", deliveriesLoaded.getAsBoolean() ? "running" : "loading");
            n.put("pendingDeliveries", pendingDeliveries.getAsInt());
            n.put("streamClients", streamClients.getAsInt());
            // new connections are answered 503 while descriptors are short, whatever the journal says
            n.put("fileDescriptors", Descriptors.PROCESS.probe() ? "ok" : Descriptors.PROCESS.describe());
            if (cluster != null) {
                ArrayNode differs = n.putArray("configDiffers");
                cluster.configDiffers().get().forEach(differs::add);
            }
            ctx.status(ok ? 200 : 503).contentType("application/json").result(Json.bytes(n));
        });
    }
}
