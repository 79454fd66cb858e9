package io.herald.api;

import io.herald.auth.Access;
import io.herald.auth.ApiKeys;
import io.herald.auth.CorsHeaders;
import io.herald.core.ErrorDocument;
import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.core.ScratchBytes;
import io.herald.ingest.Accepted;
import io.herald.ingest.NewEvent;
import io.herald.ingest.Poster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/events} and {@code POST /api/v1/events/batch} (CONTRACT 3.1), served on Jetty's own API behind
 * {@link BodyGate} and in front of Javalin: ingest's hot path skips Javalin's routing (a regex per POST route),
 * its context and its copy of each answer (P1). Other methods on these paths go on to
 * Javalin ({@code GET /api/v1/events} lists events).
 *
 * <p>What Javalin did for these routes is done the same way: {@link Access} decides who may post (the one
 * authorization check), answers and refusals end with a newline like every JSON answer ({@link Errors}), an allowed
 * {@code Origin} gets the CORS headers of Javalin's routes.
 */
public final class EventRoutes extends Handler.Wrapper {
    static final int MAX_BATCH = 1000;
    private static final String EVENTS = "/api/v1/events";
    private static final String BATCH = "/api/v1/events/batch";
    /** The routes served here, as "METHOD /path" like Javalin's. */
    public static final List<String> ROUTES = List.of("POST " + EVENTS, "POST " + BATCH);
    private static final Logger log = LoggerFactory.getLogger(EventRoutes.class);

    private final Poster ingest;
    private final Access access;
    private final CorsHeaders cors;

    public EventRoutes(Poster ingest, Access access, CorsHeaders cors) {
        this.ingest = ingest;
        this.access = access;
        this.cors = cors;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = routeOf(request);
        if (path == null) return super.handle(request, response, callback);
        boolean batch = BATCH.equals(path);
        cors.apply(request, response);
        byte[] answer;
        try {
            access.caller("POST " + path, ApiKeys.bearer(request.getHeaders().get(HttpHeader.AUTHORIZATION)));
            String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
            byte[] body = request.getAttribute(BodyGate.BODY) instanceof byte[] b ? b : new byte[0];
            if (batch) {
                List<NewEvent> events = Bodies.batch(contentType, body, MAX_BATCH);
                answer = answers(ingest.postAll(events, keys(idempotencyKey(request), events.size())));
                response.setStatus(202);
            } else {
                NewEvent e = Bodies.event(contentType, body);
                Accepted a = ingest.post(e, idempotencyKey(request));
                answer = answer(a);
                response.setStatus(a.duplicate() ? 200 : 202);
            }
        } catch (HeraldException e) {
            answer = ErrorDocument.answer(e);
            response.setStatus(e.status());
        } catch (RuntimeException e) {
            log.error("request_failed method=POST path={}", path, e);
            answer = ErrorDocument.answer(new HeraldException(500, "internal", "internal error"));
            response.setStatus(500);
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.write(true, ByteBuffer.wrap(answer), callback);
        return true;
    }

    /** Whether this request is a post served here. */
    static boolean takes(Request request) {
        return routeOf(request) != null;
    }

    /** The route's path (without a trailing slash) of a post served here, else null. */
    private static String routeOf(Request request) {
        if (!HttpMethod.POST.is(request.getMethod())) return null;
        String path = request.getHttpURI().getDecodedPath();
        if (path != null && path.length() > 1 && path.endsWith("/")) path = path.substring(0, path.length() - 1);
        return BATCH.equals(path) || EVENTS.equals(path) ? path : null;
    }

    /** A batch's idempotency keys: the request's key with each event's index, none without one. */
    private static List<String> keys(String key, int n) {
        if (key == null) return null;
        List<String> keys = new ArrayList<>(n);
        for (int i = 0; i < n; i++) keys.add(key + "#" + i);
        return keys;
    }

    /**
     * {@code {"events": [answer, ...]}}, written straight out as bytes: a tree per event cost batch ingest 2% of its
     * CPU, and a generator's field by field writing 5% (P2). A call's events share their createdAt, so its text is
     * made once.
     */
    private static byte[] answers(List<Accepted> accepted) {
        return ScratchBytes.write(out -> {
            out.ascii("{\"events\":[");
            Instant at = null;
            byte[] createdAt = null;
            for (int i = 0; i < accepted.size(); i++) {
                Accepted a = accepted.get(i);
                if (!a.createdAt().equals(at)) {
                    at = a.createdAt();
                    createdAt = EventCodec.createdAt(at); // as the journal entry holds it
                }
                if (i > 0) out.append(',');
                answer(out, a, createdAt);
            }
            out.ascii("]}\n");
        });
    }

    /** One event's answer (CONTRACT 3.1), with the final newline. */
    private static byte[] answer(Accepted a) {
        return ScratchBytes.write(out -> {
            answer(out, a, EventCodec.createdAt(a.createdAt()));
            out.append('\n');
        });
    }

    /** One event's answer, alone or in a batch's list: {@code {"id":...,"seq":...,"createdAt":...}}. */
    private static void answer(ScratchBytes.Out out, Accepted a, byte[] createdAt) throws IOException {
        out.ascii("{\"id\":");
        out.string(a.id());
        out.ascii(",\"seq\":");
        out.decimal(a.seq());
        out.write(createdAt);
        if (a.duplicate()) out.ascii(",\"duplicate\":true");
        out.append('}');
    }

    private static String idempotencyKey(Request request) {
        String key = request.getHeaders().get("Idempotency-Key");
        if (key == null || key.isBlank()) return null;
        if (key.length() > 256) throw HeraldException.invalid("Idempotency-Key is longer than 256 characters");
        return key.trim();
    }
}
