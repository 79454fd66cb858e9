package io.herald.api;

import io.herald.auth.ApiKeys;
import io.herald.metrics.Metrics;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.BooleanSupplier;

/** GET /metrics: Prometheus text; behind an api key unless server.metrics-public is true. */
public final class MetricsRoutes {
    private final Metrics metrics;
    private final ApiKeys apiKeys;
    private final BooleanSupplier open;

    public MetricsRoutes(Metrics metrics, ApiKeys apiKeys, BooleanSupplier open) {
        this.metrics = metrics;
        this.apiKeys = apiKeys;
        this.open = open;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get("/metrics", this::scrape);
    }

    private void scrape(Context ctx) throws IOException {
        if (!open.getAsBoolean()) apiKeys.require(ctx);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
        metrics.write(out);
        ctx.contentType(Metrics.contentType()).result(out.toByteArray());
    }
}
