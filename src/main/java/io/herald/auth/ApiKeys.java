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
    /** The current keys' bytes, made again when a reload brings another list (not once per request) */
    private volatile KeyBytes known = new KeyBytes(List.of(), new byte[0][]);

    private record KeyBytes(List<AuthConfig.ApiKey> keys, byte[][] bytes) {}

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
        for (byte[] k : keyBytes(auth.get().apiKeys())) ok |= MessageDigest.isEqual(given, k);
        return ok;
    }

    private byte[][] keyBytes(List<AuthConfig.ApiKey> keys) {
        KeyBytes k = known;
        if (k.keys() != keys) {
            byte[][] bytes = new byte[keys.size()][];
            for (int i = 0; i < bytes.length; i++) bytes[i] = keys.get(i).key().getBytes(StandardCharsets.UTF_8);
            k = new KeyBytes(keys, bytes);
            known = k;
        }
        return k.bytes();
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
