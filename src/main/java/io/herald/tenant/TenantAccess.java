package io.herald.tenant;

import io.herald.auth.Access;
import io.herald.auth.ApiKeys;
import io.herald.auth.Callers;
import io.herald.core.Caller;
import io.herald.core.HeraldException;
import io.herald.stream.Grant;
import io.herald.stream.Tokens;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * Who may call what, decided here for every matched route before it runs, and nowhere else.
 *
 * <p>Public routes need no credential (they check their own, like a resource stream's token). Every other route
 * needs a caller: an api key makes the operator, who may call everything; a tenant token (a JWT with a
 * {@code tenant} claim) makes that tenant, who may call only the routes in {@link #TENANT_ROUTES} (CONTRACT 8).
 * Anything else answers a tenant 403, so a new route is closed to tenants until it is named there. What the
 * named routes return is limited to the tenant's own data by lookups that take the {@link Caller}.
 */
public final class TenantAccess implements Access {
    /** Routes a tenant token may call, as "METHOD path" with Javalin's path templates. */
    public static final Set<String> TENANT_ROUTES = Set.of(
            "GET /api/v1/subscriptions",
            "POST /api/v1/subscriptions",
            "GET /api/v1/subscriptions/{id}",
            "PUT /api/v1/subscriptions/{id}",
            "PATCH /api/v1/subscriptions/{id}",
            "DELETE /api/v1/subscriptions/{id}",
            "GET /api/v1/subscriptions/{id}/secret",
            "POST /api/v1/subscriptions/{id}/secret/rotate",
            "POST /api/v1/subscriptions/{id}/test",
            "POST /api/v1/subscriptions/{id}/enable",
            "POST /api/v1/subscriptions/{id}/disable",
            "GET /api/v1/subscriptions/{id}/deliveries",
            "GET /api/v1/subscriptions/{id}/stats",
            "POST /api/v1/subscriptions/{id}/replay",
            "GET /api/v1/deliveries/{id}",
            "POST /api/v1/deliveries/{id}/retry",
            "GET /api/v1/event-types",
            "GET /api/v1/events",
            "GET /api/v1/events/{id}",
            "GET /api/v1/events/{id}/deliveries",
            "GET /api/v1/stream");

    /** Routes anyone may call: they need no credential, or check their own. */
    public static final Set<String> PUBLIC_ROUTES = Set.of(
            "GET /health",
            "GET /{type}/{id}/events",
            "GET /portal",
            "GET /portal/<file>");

    private static final String METRICS = "GET /metrics";

    private final ApiKeys apiKeys;
    private final Tokens tokens;
    private final BooleanSupplier metricsPublic;

    public TenantAccess(ApiKeys apiKeys, Tokens tokens, BooleanSupplier metricsPublic) {
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.metricsPublic = metricsPublic;
    }

    /** The before-handler of every matched route. */
    public void check(Context ctx) {
        Caller caller = caller(route(ctx), ApiKeys.bearer(ctx));
        if (caller != null) Callers.set(ctx, caller);
    }

    @Override
    public Caller caller(String route, String presented) {
        if (PUBLIC_ROUTES.contains(route) || (route.equals(METRICS) && metricsPublic.getAsBoolean())) return null;
        Caller caller = resolve(presented);
        if (!caller.isOperator() && !TENANT_ROUTES.contains(route)) {
            throw new HeraldException(403, "forbidden", "a tenant token may not call " + route);
        }
        return caller;
    }

    /** The operator for an api key, a tenant for a valid tenant token, else 401. */
    Caller resolve(String presented) {
        if (apiKeys.valid(presented)) return Caller.OPERATOR;
        Grant g = presented == null ? null : tokens.verify(presented);
        if (g == null || g.tenant() == null) {
            throw HeraldException.unauthorized("missing or invalid api key or tenant token");
        }
        return Caller.tenant(g.tenant(), g.expiresAt());
    }

    /**
     * "METHOD /path/{template}" of the endpoint this request matched. HEAD is decided as GET: it answers what GET
     * would, without the body, so it may never be allowed more or less than GET.
     */
    static String route(Context ctx) {
        Endpoint e = ctx.endpoints().matchedHttpEndpoint();
        String method = e == null ? ctx.method().name() : e.method.name();
        if (method.equals("HEAD")) method = "GET";
        return method + " " + (e == null ? ctx.path() : e.path);
    }
}
