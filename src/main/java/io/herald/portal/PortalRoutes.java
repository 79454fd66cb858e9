package io.herald.portal;

import io.herald.core.HeraldException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /portal/}: the web dashboard, static files from the jar that talk to Herald only through the public
 * API (CONTRACT 10). Every answer under /portal, errors included, carries the security headers: scripts, styles
 * and connections from Herald itself only, no inline code, framing only by {@code server.portal-frame-ancestors}.
 */
public final class PortalRoutes {
    static final String BASE = "/portal";

    private final Supplier<List<String>> frameAncestors;
    private final PortalFiles files = new PortalFiles();

    public PortalRoutes(Supplier<List<String>> frameAncestors) {
        this.frameAncestors = frameAncestors;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.before(BASE, this::secure);
        cfg.routes.before(BASE + "/*", this::secure);
        // Javalin routes /portal and /portal/ alike; the app's relative links need the trailing slash
        Handler page = ctx -> {
            if (ctx.path().endsWith("/")) serve(ctx, "index.html");
            else ctx.redirect(BASE + "/", io.javalin.http.HttpStatus.FOUND);
        };
        Handler file = ctx -> serve(ctx, ctx.pathParam("file"));
        cfg.routes.get(BASE, page);
        cfg.routes.get(BASE + "/<file>", file);
        // HEAD as GET, without the body (Jetty leaves it out): Javalin answers a HEAD that matches no route of its
        // own with an empty 200 before any handler, and access, deciding on a route it cannot see, refused it
        cfg.routes.head(BASE, page);
        cfg.routes.head(BASE + "/<file>", file);
    }

    void secure(Context ctx) {
        ctx.header("Content-Security-Policy", policy(frameAncestors.get()));
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
        // for browsers older than frame-ancestors; with allowed ancestors the CSP alone decides
        if (frameAncestors.get().isEmpty()) ctx.header("X-Frame-Options", "DENY");
    }

    /** The policy: nothing but Herald's own files and API, and nothing inline. */
    static String policy(List<String> frameAncestors) {
        return "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; "
                + "base-uri 'none'; form-action 'self'; frame-ancestors "
                + (frameAncestors.isEmpty() ? "'none'" : String.join(" ", frameAncestors));
    }

    private void serve(Context ctx, String name) {
        PortalFiles.File f = files.get(name);
        if (f == null) throw HeraldException.notFound("portal file " + name);
        // no-cache: the browser asks again each time and gets a 304 while the jar is the same, so an upgrade
        // of Herald never leaves an old script running against a new API
        ctx.header("Cache-Control", "no-cache");
        ctx.header("ETag", f.etag());
        if (f.etag().equals(ctx.header("If-None-Match"))) {
            ctx.status(304);
            return;
        }
        ctx.contentType(f.contentType()).result(f.bytes());
    }
}
