package io.herald.auth;

import io.herald.core.Caller;

/**
 * Who may call a route: the one decision, made for Javalin's routes before they run and for the routes Herald
 * serves on Jetty directly (streams). A second implementation must keep its promise: it never answers a
 * credential it cannot verify with a caller, and a route it does not name as public never gets null.
 */
public interface Access {
    /**
     * The caller that {@code bearer} makes for {@code route}, or null for a public route (which checks its own
     * credentials).
     *
     * @param route "METHOD /path/{template}" as Javalin names it, HEAD as GET
     * @param bearer the token of the request's {@code Authorization: Bearer} header, null for none
     * @throws io.herald.core.HeraldException 401 when the credential is missing or invalid, 403 when the caller
     *     may not call the route
     */
    Caller caller(String route, String bearer);
}
