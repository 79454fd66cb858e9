package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.TenantName;
import io.herald.core.Timestamps;
import io.herald.ingest.LastEvent;
import io.herald.stream.TokenRoutes;
import io.herald.stream.Tokens;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator's view of tenants (CONTRACT 8): the list, deleting one, and a portal link for one. A tenant is
 * just a name, known here because subscriptions name it or events did (within retention).
 */
public final class TenantRoutes {
    private static final Logger log = LoggerFactory.getLogger(TenantRoutes.class);
    private static final String BASE = "/api/v1/tenants";

    private final Subscriptions subscriptions;
    private final NavigableMap<String, LastEvent> lastEvents;
    private final Tokens tokens;
    private final Function<String, Duration> durations;
    private final Supplier<String> publicUrl;

    /** @param lastEvents each tenant's last event time, by name; @param publicUrl server.public-url as it stands */
    public TenantRoutes(Subscriptions subscriptions, NavigableMap<String, LastEvent> lastEvents, Tokens tokens,
                        Function<String, Duration> durations, Supplier<String> publicUrl) {
        this.subscriptions = subscriptions;
        this.lastEvents = lastEvents;
        this.tokens = tokens;
        this.durations = durations;
        this.publicUrl = publicUrl;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get(BASE, this::list);
        cfg.routes.delete(BASE + "/{id}", this::delete);
        cfg.routes.post(BASE + "/{id}/portal-link", this::portalLink);
    }

    /** Both indexes are sorted by name: a page is a merge of their tails after the cursor. */
    private void list(Context ctx) {
        int limit = Params.limit(ctx, 100, 1000);
        String cursor = ctx.queryParam("cursor");
        NavigableMap<String, List<Subscription>> subs = subscriptions.tenants();
        Iterator<String> a = (cursor == null ? subs : subs.tailMap(cursor, false)).keySet().iterator();
        Iterator<String> b = (cursor == null ? lastEvents : lastEvents.tailMap(cursor, false)).keySet().iterator();
        String x = next(a);
        String y = next(b);
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("tenants");
        String last = null;
        while ((x != null || y != null) && list.size() < limit) {
            String id = x == null ? y : y == null ? x : x.compareTo(y) <= 0 ? x : y;
            if (id.equals(x)) x = next(a);
            if (id.equals(y)) y = next(b);
            ObjectNode n = list.addObject().put("id", id);
            n.put("subscriptions", subs.getOrDefault(id, List.of()).size());
            LastEvent at = lastEvents.get(id);
            if (at == null) n.putNull("lastEventAt");
            else n.put("lastEventAt", Timestamps.format(at.at()));
            last = id;
        }
        if (x != null || y != null) root.put("next", last);
        else root.putNull("next");
        SubscriptionRoutes.json(ctx, 200, root);
    }

    private static String next(Iterator<String> it) {
        return it.hasNext() ? it.next() : null;
    }

    private void delete(Context ctx) {
        String tenant = TenantName.require("tenant", ctx.pathParam("id"));
        int deleted = subscriptions.deleteTenant(tenant);
        log.info("tenant_deleted tenant={} subscriptions={}", tenant, deleted);
        ctx.status(204);
    }

    /** The token travels in the URL's fragment, which browsers never send to a server; it is never logged. */
    private void portalLink(Context ctx) {
        String tenant = TenantName.require("tenant", ctx.pathParam("id"));
        if (!tokens.enabled()) {
            throw HeraldException.conflict("auth.token-secret is not set in config.yaml, so Herald cannot sign tokens");
        }
        JsonNode body = ctx.bodyAsBytes().length == 0 ? Json.MAPPER.createObjectNode()
                : SubscriptionRoutes.object(Bodies.json(ctx));
        Tokens.Minted m = tokens.mint(tenant, null, TokenRoutes.ttl(body, durations));
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("url", publicUrl.get() + "/portal/#token=" + m.token());
        out.put("expiresAt", Timestamps.format(m.expiresAt()));
        SubscriptionRoutes.json(ctx, 200, out);
    }
}
