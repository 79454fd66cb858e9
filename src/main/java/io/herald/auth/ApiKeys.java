package io.herald.auth;

import io.herald.config.AuthConfig;
import io.herald.core.HeraldException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.function.Supplier;

/** Bearer api keys for /api/v1/*, read from the current config so that a reload can add or revoke one. */
public final class ApiKeys {
    private final Supplier<AuthConfig> auth;

    public ApiKeys(Supplier<AuthConfig> auth) {
        this.auth = auth;
    }

    public void require(Context ctx) {
        if (!valid(bearer(ctx))) throw HeraldException.unauthorized("missing or invalid api key");
    }

    /** Constant-time against every key, so timing tells nothing about how close a guess was. */
    public boolean valid(String presented) {
        if (presented == null) return false;
        byte[] given = presented.getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        List<AuthConfig.ApiKey> keys = auth.get().apiKeys();
        for (AuthConfig.ApiKey k : keys) {
            ok |= MessageDigest.isEqual(given, k.key().getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    public static String bearer(Context ctx) {
        return bearer(ctx.header("Authorization"));
    }

    /** The token of an {@code Authorization: Bearer} header's value, null for none. */
    public static String bearer(String h) {
        if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String token = h.substring(7).trim();
        return token.isEmpty() ? null : token;
    }
}
