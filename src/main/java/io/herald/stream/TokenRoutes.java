package io.herald.stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.TenantName;
import io.herald.core.RequestJson;
import io.herald.core.Timestamps;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** POST /api/v1/tokens: a stream token for browsers (CONTRACT 6), a tenant token (CONTRACT 8), or both in one. */
public final class TokenRoutes {
    private static final Pattern RESOURCE = Pattern.compile("(\\*|[A-Za-z0-9_.:-]{1,128})/(\\*|[A-Za-z0-9_.:-]{1,128})");
    private static final Duration MIN_TTL = Duration.ofSeconds(1);
    private static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Duration DEFAULT_TTL = Duration.ofHours(1);

    private final Tokens tokens;
    private final java.util.function.Function<String, Duration> durations;

    /** @param durations parses "1h"-style durations, throwing IllegalArgumentException when it cannot */
    public TokenRoutes(Tokens tokens, java.util.function.Function<String, Duration> durations) {
        this.tokens = tokens;
        this.durations = durations;
    }

    public void install(JavalinConfig config) {
        config.routes.post("/api/v1/tokens", this::mint);
    }

    private void mint(Context ctx) {
        if (!tokens.enabled()) {
            throw new HeraldException(409, "conflict", "auth.token-secret is not set in config.yaml, so Herald cannot sign tokens");
        }
        JsonNode body = RequestJson.parse(ctx.bodyAsBytes());
        if (body == null || !body.isObject()) throw HeraldException.invalid("the body must be a JSON object");
        String tenant = null;
        if (body.hasNonNull("tenant")) {
            JsonNode t = body.get("tenant");
            tenant = TenantName.require("tenant", t.isTextual() ? t.asText() : null);
        }
        JsonNode list = body.get("resources");
        List<String> resources = new ArrayList<>();
        if (tenant == null || (list != null && !list.isNull())) {
            if (list == null || !list.isArray() || list.isEmpty()) {
                throw HeraldException.invalid("resources must be a non-empty list like [\"render-jobs/550e8400\"]"
                        + (tenant == null ? " (or name a tenant)" : ""));
            }
            for (JsonNode r : list) {
                if (!r.isTextual() || !RESOURCE.matcher(r.asText()).matches()) {
                    throw HeraldException.invalid("resources: \"" + r.asText() + "\" is not TYPE/ID (or TYPE/*)");
                }
                resources.add(r.asText());
            }
        }
        Duration ttl = ttl(body, durations);
        Tokens.Minted m = tokens.mint(tenant, resources, ttl);
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.put("token", m.token());
        out.put("expiresAt", Timestamps.format(m.expiresAt()));
        ctx.status(200).contentType("application/json").result(Json.bytes(out));
    }

    /** The body's {@code ttl}, 1s..30d, default 1h; shared with the tenant portal link. */
    public static Duration ttl(JsonNode body, java.util.function.Function<String, Duration> durations) {
        if (!body.hasNonNull("ttl")) return DEFAULT_TTL;
        Duration ttl;
        try {
            ttl = durations.apply(body.get("ttl").asText());
        } catch (RuntimeException e) {
            throw HeraldException.invalid("ttl: \"" + body.get("ttl").asText() + "\" is not a duration like 1h");
        }
        if (ttl.compareTo(MIN_TTL) < 0 || ttl.compareTo(MAX_TTL) > 0) throw HeraldException.invalid("ttl must be from 1s to 30d");
        return ttl;
    }
}
