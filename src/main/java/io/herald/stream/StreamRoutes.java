package io.herald.stream;

import io.herald.auth.ApiKeys;
import io.herald.auth.Callers;
import io.herald.core.Caller;
import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import io.herald.core.TypePattern;
import io.herald.ingest.Ingest;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.ee10.servlet.ServletChannel;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;

/**
 * {@code GET /{type}/{id}/events} for browsers and {@code GET /api/v1/stream} for backends (CONTRACT 6). Every
 * refusal (401, 403, 400) is plain JSON before the stream starts; once it starts it is always a 200.
 */
public final class StreamRoutes {
    private static final long RETRY_MS = 3000;

    private final Streams streams;
    private final Journal journal;
    private final Ingest ingest;
    private final ApiKeys apiKeys;
    private final Tokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public StreamRoutes(Streams streams, Journal journal, Ingest ingest, ApiKeys apiKeys, Tokens tokens, Clock clock) {
        this.streams = streams;
        this.journal = journal;
        this.ingest = ingest;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.clock = clock;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/v1/stream", this::firehose);
        config.routes.get("/{type}/{id}/events", this::resource);
        // Javalin answers HEAD on a GET route with an empty 200 without running it: HEAD gets GET's checks and
        // headers here, but no stream
        config.routes.head("/api/v1/stream", ctx -> {
            types(ctx);
            lastEventId(ctx);
            head(ctx);
        });
        config.routes.head("/{type}/{id}/events", ctx -> {
            authorized(ctx);
            lastEventId(ctx);
            head(ctx);
        });
    }

    /** The resource of the route, once the request's token is found to cover it (else 401 or 403). */
    private Authorized authorized(Context ctx) {
        ResourceRef ref = new ResourceRef(ctx.pathParam("type"), ctx.pathParam("id"));
        if (ref.type().equals("api")) throw HeraldException.notFound("route " + ctx.method() + " " + ctx.path());
        Grant grant = authorize(ctx);
        if (!grant.covers(ref.type(), ref.id())) {
            throw new HeraldException(403, "forbidden", "this token does not cover " + ref.key());
        }
        return new Authorized(ref, grant);
    }

    private record Authorized(ResourceRef ref, Grant grant) {}

    private static void head(Context ctx) {
        ctx.status(200).contentType("text/event-stream").header("Cache-Control", "no-store")
                .header("X-Accel-Buffering", "no");
    }

    private void resource(Context ctx) throws IOException {
        Authorized auth = authorized(ctx);
        ResourceRef ref = auth.ref();
        Grant grant = auth.grant();
        Long lastEventId = lastEventId(ctx);
        boolean replay = lastEventId != null && lastEventId >= journal.firstSeq() - 1;
        StreamClient[] self = new StreamClient[1];
        StreamClient c = open(ctx, e -> true, () -> streams.hub.unregister(ref.key(), self[0]), replay ? lastEventId : 0);
        self[0] = c;
        if (replay) {
            for (long seq : streams.hub.registerResource(ref.key(), c, lastEventId)) {
                StreamClient.Frame f = streams.hub.replayFrame(seq);
                if (f != null) c.writeDirect(f.bytes(), seq);
            }
        } else {
            streams.hub.registerResource(ref.key(), c, Long.MAX_VALUE);
            Ingest.Snapshot s = ingest.snapshotOf(ref);
            String id = "ini_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
            byte[] json = StreamMessages.initiated(id, clock.instant(), s.state() == null ? null : s.state().state());
            c.writeDirect(SseFrames.message(s.lastSeq(), json), s.lastSeq());
        }
        start(ctx, c, grant);
    }

    private static List<TypePattern> types(Context ctx) {
        List<TypePattern> types = new ArrayList<>();
        String param = ctx.queryParam("types");
        if (param != null && !param.isBlank()) {
            for (String p : param.split(",")) {
                if (!TypePattern.isValid(p.trim())) throw HeraldException.invalid("types: bad event pattern \"" + p + "\"");
                types.add(TypePattern.of(p.trim()));
            }
        }
        return types;
    }

    private void firehose(Context ctx) throws IOException {
        List<TypePattern> types = types(ctx);
        Long lastEventId = lastEventId(ctx);
        // a tenant's firehose carries that tenant's events only (CONTRACT 8); the operator's, every event
        Caller caller = Callers.of(ctx);
        StreamClient[] self = new StreamClient[1];
        StreamClient c = open(ctx, e -> caller.owns(e.tenant()) && (types.isEmpty() ? !e.type().startsWith("herald.")
                : TypePattern.anyMatches(types, e.type())), () -> streams.hub.unregister(null, self[0]),
                lastEventId == null ? 0 : lastEventId);
        self[0] = c;
        streams.hub.registerFirehose(c);
        if (lastEventId != null) {
            try (Journal.Tail r = journal.tail(lastEventId)) {
                for (JournalEntry e; (e = r.next()) != null; ) {
                    EventCodec.Decoded d = EventCodec.decode(e.seq(), e.bytes());
                    StoredEvent ev = d.event();
                    if (d.target() == null && c.wants(ev)) c.writeDirect(SseFrames.message(e.seq(), Json.bytes(ev.toJson())), e.seq());
                }
            }
        } else {
            // the stream starts now, not with what a tailer catching up after a restart reads again
            c.skipUpTo(journal.lastSeq());
        }
        start(ctx, c, caller.isOperator() ? Grant.everything()
                : new Grant(List.of(), caller.expiresAt(), caller.tenant()));
    }

    /**
     * The stream's headers go out now; the first frames are written by the caller while the client is held.
     * @param after the client's Last-Event-ID (it has every event up to it), 0 for none
     */
    private StreamClient open(Context ctx, java.util.function.Predicate<StoredEvent> wants, Runnable onClose, long after) throws IOException {
        HttpServletResponse res = ctx.res();
        res.setStatus(200);
        res.setCharacterEncoding("UTF-8");
        res.setContentType("text/event-stream");
        res.setHeader("Cache-Control", "no-store");
        res.setHeader("X-Accel-Buffering", "no");
        res.flushBuffer();
        CompletableFuture<Void> done = new CompletableFuture<>();
        // the servlet's own stream: Javalin's ctx.outputStream() holds bytes back until the handler returns
        StreamClient c = new StreamClient(sink(ctx.req()), done, wants, onClose, after);
        // the handler returns at once and no thread waits: Javalin ends the response when the client closes
        ctx.future(() -> done);
        c.writeDirect(SseFrames.retry(RETRY_MS), -1);
        return c;
    }

    /** The response's core side, for writes that do not block; Javalin's servlet response sits on Jetty's. */
    private static StreamSink sink(HttpServletRequest req) {
        ServletContextRequest r = ServletContextRequest.getServletContextRequest(req);
        if (r == null) throw new IllegalStateException("streams need Jetty's servlet request, got " + req.getClass());
        ServletChannel channel = r.getServletChannel();
        return StreamSink.of(channel.getHttpOutput(), channel.getResponse(), () -> channel.getEndPoint().close());
    }

    private void start(Context ctx, StreamClient c, Grant grant) throws IOException {
        c.release();
        if (grant.expiresAt() != null) {
            long ms = Math.max(0, Duration.between(clock.instant(), grant.expiresAt()).toMillis());
            streams.heartbeat.schedule(c::close, ms, TimeUnit.MILLISECONDS);
        }
        PeerWatch.watch(ctx.req(), c);
    }

    private Grant authorize(Context ctx) {
        String token = ctx.queryParam("token");
        if (token == null || token.isBlank()) token = ApiKeys.bearer(ctx);
        if (token == null) throw HeraldException.unauthorized("a token is required (?token= or Authorization: Bearer)");
        if (apiKeys.valid(token)) return Grant.everything();
        Grant g = tokens.verify(token);
        if (g == null) throw HeraldException.unauthorized("the token is invalid or expired");
        if (g.expiresAt() != null && !g.expiresAt().isAfter(Instant.now(clock))) {
            throw HeraldException.unauthorized("the token is expired");
        }
        return g;
    }

    private static Long lastEventId(Context ctx) {
        String v = ctx.header("Last-Event-ID");
        if (v == null || v.isBlank()) v = ctx.queryParam("lastEventId");
        if (v == null || v.isBlank()) return null;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw HeraldException.invalid("Last-Event-ID must be a seq (a non-negative integer)");
    }
}
