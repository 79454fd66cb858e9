package io.herald.api;

import io.herald.core.HeraldException;
import io.javalin.http.Context;

/** Query parameters, strictly: a bad number is a 400 naming the parameter, never a silent default. */
final class Params {
    private Params() {}

    static long nonNegativeLong(Context ctx, String name, long fallback) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw HeraldException.invalid(name + " must be a non-negative integer");
    }

    static int limit(Context ctx, int fallback, int max) {
        long n = nonNegativeLong(ctx, "limit", fallback);
        if (n < 1 || n > max) throw HeraldException.invalid("limit must be between 1 and " + max);
        return (int) n;
    }
}
