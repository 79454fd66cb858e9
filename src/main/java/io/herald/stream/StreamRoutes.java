package io.herald.stream;

import io.herald.auth.Access;
import io.herald.auth.ApiKeys;
import io.herald.auth.CorsHeaders;
import io.herald.core.Caller;
import io.herald.core.ErrorDocument;
import io.herald.core.HeraldException;
import io.herald.core.ResourceRef;
import io.herald.core.TypePattern;
import io.herald.ingest.Ingest;
import io.herald.journal.Journal;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /{type}/{id}/events} for browsers and {@code GET /api/v1/stream} for backends (CONTRACT 6), served on
 * Jetty's own API in front of Javalin. An open stream then holds Jetty's connection and one response, not also a
 * servlet request and response, an async context and Javalin's context around them: 10,000 open streams held
 * about 3 KB each of those (P6, heap histogram).
 *
 * <p>What Javalin did for these routes is done here the same way: the caller of the firehose is decided by
 * {@link Access} (the one authorization check), refusals are the contract's JSON error document, HEAD answers GET's
 * checks and headers without a stream, other methods 405, and an allowed {@code Origin} gets the same CORS headers
 * as Javalin's routes ({@code server.cors-origins}). A preflight ({@code OPTIONS}) goes on to Javalin's CORS plugin.
 * Paths under {@code /api/} and {@code /portal/} other than the firehose are Javalin's routes, never a resource.
 */
public final class StreamRoutes extends Handler.Wrapper {
    static final String FIREHOSE = "/api/v1/stream";
    /** The routes served here, as "METHOD /path/{template}" like Javalin's. */
    public static final List<String> ROUTES = List.of("GET " + FIREHOSE, "HEAD " + FIREHOSE,
            "GET /{type}/{id}/events", "HEAD /{type}/{id}/events");
    private static final Logger log = LoggerFactory.getLogger(StreamRoutes.class);

    private final StreamStarts starts;
    private final Access access;
    private final CorsHeaders cors;

    public StreamRoutes(Streams streams, Journal journal, Ingest ingest, ApiKeys apiKeys, Tokens tokens, Clock clock,
                        Access access, List<String> corsOrigins) {
        this.starts = new StreamStarts(streams, journal, ingest, apiKeys, tokens, clock);
        this.access = access;
        this.cors = new CorsHeaders(corsOrigins);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getDecodedPath();
        if (path == null) return super.handle(request, response, callback);
        if (path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        boolean firehose = path.equals(FIREHOSE);
        ResourceRef ref = firehose ? null : resourceOf(path);
        if (!firehose && ref == null) return super.handle(request, response, callback);
        String method = request.getMethod();
        if (HttpMethod.OPTIONS.is(method)) return super.handle(request, response, callback); // CORS preflight
        cors.apply(request, response);
        try {
            boolean head = HttpMethod.HEAD.is(method);
            if (!head && !HttpMethod.GET.is(method)) {
                throw new HeraldException(405, "method_not_allowed", "method not allowed");
            }
            StreamStarts.Asked asked = StreamStarts.Asked.of(request);
            if (firehose) {
                Caller caller = access.caller("GET " + FIREHOSE, ApiKeys.bearer(
                        request.getHeaders().get(HttpHeader.AUTHORIZATION)));
                List<TypePattern> types = StreamStarts.types(asked);
                Long lastEventId = StreamStarts.lastEventId(asked);
                if (head) head(response, callback);
                else starts.firehose(caller, types, lastEventId, asked, response, callback);
            } else {
                Grant grant = starts.authorize(ref, asked);
                Long lastEventId = StreamStarts.lastEventId(asked);
                if (head) head(response, callback);
                else starts.resource(ref, grant, lastEventId, asked, response, callback);
            }
        } catch (HeraldException e) {
            refuse(response, callback, e);
        } catch (RuntimeException e) {
            log.error("request_failed method={} path={}", method, path, e);
            refuse(response, callback, new HeraldException(500, "internal", "internal error"));
        }
        return true;
    }

    /** The resource of a path {@code /{type}/{id}/events}, null for any other path (or one under /api, /portal). */
    static ResourceRef resourceOf(String path) {
        if (!path.endsWith("/events") || path.charAt(0) != '/') return null;
        int typeEnd = path.indexOf('/', 1);
        int idEnd = path.length() - "/events".length();
        if (typeEnd <= 1 || typeEnd >= idEnd || path.indexOf('/', typeEnd + 1) != idEnd) return null;
        String type = path.substring(1, typeEnd);
        if (type.equals("api") || type.equals("portal")) return null;
        return new ResourceRef(type, path.substring(typeEnd + 1, idEnd));
    }

    /** The headers of a stream's 200, for GET and HEAD alike. */
    static void streamHeaders(Response response) {
        HttpFields.Mutable h = response.getHeaders();
        h.put(HttpHeader.CONTENT_TYPE, "text/event-stream;charset=utf-8");
        h.put(HttpHeader.CACHE_CONTROL, "no-store");
        h.put("X-Accel-Buffering", "no");
    }

    private static void head(Response response, Callback callback) {
        response.setStatus(200);
        streamHeaders(response);
        callback.succeeded();
    }

    private static void refuse(Response response, Callback callback, HeraldException e) {
        if (response.isCommitted()) {
            callback.failed(e);
            return;
        }
        response.setStatus(e.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(ErrorDocument.answer(e)), callback);
    }
}
