package io.herald.auth;

import java.util.List;
import java.util.Set;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;

/**
 * The CORS headers of an answer Herald writes on Jetty directly (streams, event posts), the same as Javalin's CORS
 * plugin adds to its routes' answers from the same {@code server.cors-origins} (app/JettySetup). Preflights are
 * always answered by the plugin.
 */
public final class CorsHeaders {
    private final Set<String> origins;

    public CorsHeaders(List<String> origins) {
        this.origins = Set.copyOf(origins);
    }

    /** Adds the headers when the request's {@code Origin} is allowed: exact, or any for {@code "*"}. */
    public void apply(Request request, Response response) {
        if (origins.isEmpty()) return;
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) return;
        boolean any = origins.contains("*");
        if (!any && !origins.contains(origin)) return;
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.ACCESS_CONTROL_ALLOW_ORIGIN, any ? "*" : origin);
        if (!any) h.add(HttpHeader.VARY, "Origin");
        h.put(HttpHeader.ACCESS_CONTROL_EXPOSE_HEADERS, "Content-Type");
    }
}
