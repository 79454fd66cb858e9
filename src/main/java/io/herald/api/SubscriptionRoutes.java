package io.herald.api;

import io.herald.auth.Callers;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.Config;
import io.herald.config.SubscriptionConfig;
import io.herald.config.SubscriptionJson;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import io.herald.format.Formats;
import io.herald.net.AddressPolicy;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionScope;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/** Subscriptions over the API (CONTRACT 4.2): create, read, replace, change, delete, enable and disable. */
public final class SubscriptionRoutes {
    static final String BASE = "/api/v1/subscriptions";
    /** Fields a client may echo back from a GET; they are Herald's to set, so they are ignored on writes. */
    private static final Set<String> READ_ONLY = Set.of("source", "disabledReason", "createdAt");
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final Subscriptions subscriptions;
    private final Supplier<Config> config;
    private final Supplier<Formats> formats;
    private final Supplier<AddressPolicy> addressPolicy;
    private final SecureRandom random = new SecureRandom();

    public SubscriptionRoutes(Subscriptions subscriptions, Supplier<Config> config, Supplier<Formats> formats,
                              Supplier<AddressPolicy> addressPolicy) {
        this.subscriptions = subscriptions;
        this.config = config;
        this.formats = formats;
        this.addressPolicy = addressPolicy;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get(BASE, this::list);
        cfg.routes.post(BASE, this::create);
        cfg.routes.get(BASE + "/{id}", ctx -> json(ctx, 200, view(scope(ctx).require(ctx.pathParam("id")))));
        cfg.routes.put(BASE + "/{id}", this::replace);
        cfg.routes.patch(BASE + "/{id}", this::patch);
        cfg.routes.delete(BASE + "/{id}", ctx -> {
            scope(ctx).delete(ctx.pathParam("id"));
            ctx.status(204);
        });
        cfg.routes.post(BASE + "/{id}/enable", ctx -> json(ctx, 200, view(scope(ctx).enable(ctx.pathParam("id")))));
        cfg.routes.post(BASE + "/{id}/disable", ctx -> json(ctx, 200, view(scope(ctx).disable(ctx.pathParam("id")))));
    }

    /** Oldest first, by a key that never changes, so that a walk through the pages meets everything once. */
    private void list(Context ctx) {
        int limit = Params.limit(ctx, 100, 1000);
        Key after = Key.of(Cursor.of(ctx, 2));
        List<Subscription> page = scope(ctx).all().stream()
                .filter(s -> after == null || Key.of(s).compareTo(after) > 0)
                .sorted(Comparator.comparing(Key::of)).limit(limit + 1L).toList();
        ObjectNode root = Json.MAPPER.createObjectNode();
        var list = root.putArray("subscriptions");
        page.stream().limit(limit).forEach(s -> list.add(view(s)));
        if (page.size() <= limit) root.putNull("next");
        else root.put("next", Key.of(page.get(limit - 1)).cursor());
        json(ctx, 200, root);
    }

    /**
     * Where a subscription sits in the list: when it was created (or first seen in the file), then its id. To the
     * millisecond, as it is stored, so that a cursor means the same place after a restart.
     */
    private record Key(Instant createdAt, String id) implements Comparable<Key> {
        static Key of(Subscription s) {
            return new Key(s.createdAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), s.id());
        }

        /** The key a cursor carries (the subscription itself may be gone by now), or null for none. */
        static Key of(String[] cursor) {
            if (cursor == null) return null;
            try {
                return new Key(Instant.parse(cursor[0]), cursor[1]);
            } catch (DateTimeParseException e) {
                throw Cursor.bad();
            }
        }

        String cursor() {
            return Cursor.encode(createdAt.toString(), id);
        }

        @Override
        public int compareTo(Key o) {
            int c = createdAt.compareTo(o.createdAt);
            return c != 0 ? c : id.compareTo(o.id);
        }
    }

    private void create(Context ctx) {
        SubscriptionScope scope = scope(ctx);
        ObjectNode body = object(Bodies.json(ctx));
        if (!scope.caller().isOperator() && body.has("id")) {
            // ids are global: a chosen one could collide with another tenant's and tell that it exists
            throw HeraldException.invalid("id: a tenant's subscriptions get an id Herald makes; leave id out");
        }
        if (!body.hasNonNull("id")) body.put("id", newId());
        Subscription s = scope.create(read(body));
        ObjectNode out = view(s);
        out.put("secret", s.config().secret());
        json(ctx, 201, out);
    }

    private void replace(Context ctx) {
        String id = ctx.pathParam("id");
        SubscriptionScope scope = scope(ctx);
        scope.require(id);
        ObjectNode body = object(Bodies.json(ctx));
        json(ctx, 200, view(scope.replace(id, read(withId(body, id)))));
    }

    /** A merge patch (RFC 7396) over the subscription as GET shows it: null puts a key back to its default. */
    private void patch(Context ctx) {
        String id = ctx.pathParam("id");
        SubscriptionScope scope = scope(ctx);
        Subscription current = scope.require(id);
        ObjectNode body = object(Bodies.json(ctx));
        ObjectNode merged = SubscriptionJson.write(current.config(), false);
        mergePatch(merged, body);
        json(ctx, 200, view(scope.replace(id, read(withId(merged, id)))));
    }

    /**
     * RFC 7396 section 2: null removes a member, an object merges into the member of that name (so {@code
     * {"headers": {"X-Env": null}}} drops one header and keeps the others), anything else replaces it.
     */
    static void mergePatch(ObjectNode target, ObjectNode patch) {
        patch.fields().forEachRemaining(f -> {
            JsonNode value = f.getValue();
            if (value.isNull()) {
                target.remove(f.getKey());
            } else if (value instanceof ObjectNode object) {
                JsonNode into = target.get(f.getKey());
                mergePatch(into instanceof ObjectNode o ? o : target.putObject(f.getKey()), object);
            } else {
                target.set(f.getKey(), value);
            }
        });
    }

    /** The subscriptions this request's caller may see: the only way these routes reach them. */
    private SubscriptionScope scope(Context ctx) {
        return subscriptions.visibleTo(Callers.of(ctx));
    }

    private static ObjectNode withId(ObjectNode body, String id) {
        if (body.hasNonNull("id") && !id.equals(body.get("id").asText())) {
            throw HeraldException.invalid("id: a subscription's id cannot change (the path says " + id + ")");
        }
        body.put("id", id);
        return body;
    }

    /** Validates like config.yaml, then refuses a literal IP in a range Herald will not deliver to. */
    private SubscriptionConfig read(ObjectNode body) {
        READ_ONLY.forEach(body::remove);
        SubscriptionConfig s = SubscriptionJson.read(body, config.get().delivery(), formats.get());
        String host = URI.create(s.url()).getHost();
        addressPolicy.get().refusalOfLiteral(host).ifPresent(why -> {
            throw HeraldException.invalid("url: " + why);
        });
        return s;
    }

    static ObjectNode object(JsonNode body) {
        if (!body.isObject()) throw HeraldException.invalid("the body must be a JSON object");
        return (ObjectNode) body;
    }

    private String newId() {
        StringBuilder b = new StringBuilder("sub_");
        for (int i = 0; i < 16; i++) b.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        return b.toString();
    }

    /** The subscription as the API shows it: never its secret. */
    static ObjectNode view(Subscription s) {
        ObjectNode n = SubscriptionJson.write(s.config(), false);
        n.put("enabled", s.enabled());
        n.put("source", s.source());
        if (s.disabledReason() == null) n.putNull("disabledReason");
        else n.put("disabledReason", s.disabledReason());
        n.put("createdAt", Timestamps.format(s.createdAt()));
        return n;
    }

    static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(Json.bytes(body));
    }
}
