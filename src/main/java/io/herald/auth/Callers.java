package io.herald.auth;

import io.herald.core.Caller;
import io.herald.core.HeraldException;
import io.javalin.http.Context;

/** The request's {@link Caller}, resolved once by the access check before any route runs. */
public final class Callers {
    private static final String ATTRIBUTE = "herald.caller";

    private Callers() {}

    public static void set(Context ctx, Caller caller) {
        ctx.attribute(ATTRIBUTE, caller);
    }

    /** Fails closed: a route reached without a resolved caller answers 401, never as the operator. */
    public static Caller of(Context ctx) {
        Caller c = ctx.attribute(ATTRIBUTE);
        if (c == null) throw HeraldException.unauthorized("missing or invalid api key or tenant token");
        return c;
    }
}
