package io.herald.api;

import io.herald.core.HeraldException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

/**
 * Cluster mode, this build: what the API may not change yet. API subscriptions live in each node's own
 * subscriptions.json and are not replicated yet, so a change on one node would leave the others delivering by
 * another set: refused with 503 before it is made. Config-file subscriptions are the same on every node.
 */
public final class ClusterRefusals {
    static final String MESSAGE = "API subscriptions are not replicated in this build (storage.kind: kafka): define"
            + " subscriptions in config.yaml, the same file on every node";

    private ClusterRefusals() {}

    /** After the access check (install it after {@code TenantAccess}): a caller without a key still gets 401. */
    public static void install(JavalinConfig cfg) {
        cfg.routes.beforeMatched(ClusterRefusals::check);
    }

    static void check(Context ctx) {
        HandlerType m = ctx.method();
        if (m == HandlerType.GET || m == HandlerType.HEAD || m == HandlerType.OPTIONS) return;
        String path = ctx.path();
        boolean write;
        if (path.startsWith("/api/v1/tenants/")) write = m == HandlerType.DELETE; // deletes its subscriptions
        else write = path.startsWith("/api/v1/subscriptions") && !path.endsWith("/test") && !path.endsWith("/replay");
        if (write) throw new HeraldException(503, "unavailable", MESSAGE);
    }
}
