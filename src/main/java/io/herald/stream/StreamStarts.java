package io.herald.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.auth.ApiKeys;
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
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a stream once its request is checked (CONTRACT 6): registers the client, writes what it missed or its
 * {@code initiated} message while no live event can overtake them, then lets live events through. Every refusal
 * (401, 403, 400) is thrown before the response starts; once it starts it is always a 200.
 */
final class StreamStarts {
    private static final long RETRY_MS = 3000;
    private static final Logger log = LoggerFactory.getLogger(StreamStarts.class);

    private final Streams streams;
    private final Journal journal;
    private final Ingest ingest;
    private final ApiKeys apiKeys;
    private final Tokens tokens;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    StreamStarts(Streams streams, Journal journal, Ingest ingest, ApiKeys apiKeys, Tokens tokens, Clock clock) {
        this.streams = streams;
        this.journal = journal;
        this.ingest = ingest;
        this.apiKeys = apiKeys;
        this.tokens = tokens;
        this.clock = clock;
    }

    /** What a stream request carries: its query and headers, first value of each name (as Javalin reads them). */
    record Asked(Request request, Fields query) {
        static Asked of(Request request) {
            return new Asked(request, Request.extractQueryParameters(request));
        }

        String query(String name) {
            return query.getValue(name);
        }

        String header(String name) {
            return request.getHeaders().get(name);
        }
    }

    /** The resource's grant, once the request's token is found to cover it (else 401 or 403). */
    Grant authorize(ResourceRef ref, Asked asked) {
        String token = asked.query("token");
        if (token == null || token.isBlank()) token = ApiKeys.bearer(asked.header(HttpHeader.AUTHORIZATION.asString()));
        if (token == null) throw HeraldException.unauthorized("a token is required (?token= or Authorization: Bearer)");
        Grant grant;
        if (apiKeys.valid(token)) {
            grant = Grant.everything();
        } else {
            grant = tokens.verify(token);
            if (grant == null) throw HeraldException.unauthorized("the token is invalid or expired");
            if (grant.expiresAt() != null && !grant.expiresAt().isAfter(Instant.now(clock))) {
                throw HeraldException.unauthorized("the token is expired");
            }
        }
        if (!grant.covers(ref.type(), ref.id())) {
            throw new HeraldException(403, "forbidden", "this token does not cover " + ref.key());
        }
        return grant;
    }

    /** The stream of one resource, for a request {@link #authorize} let through. */
    void resource(ResourceRef ref, Grant grant, Long lastEventId, Asked asked, Response response, Callback callback) {
        boolean replay = given(lastEventId) && lastEventId >= journal.firstSeq() - 1; // else deleted by retention
        StreamClient[] self = new StreamClient[1];
        Caller who = grant.caller(); // a tenant token: only its tenant's events, even where it covers the resource
        StreamClient c = open(asked.request(), response, callback, who, e -> true,
                () -> streams.hub.unregister(ref.key(), self[0]), replay ? lastEventId : 0);
        self[0] = c;
        try {
            if (replay) {
                for (long seq : streams.hub.registerResource(ref, c, lastEventId)) {
                    StreamClient.Frame f = streams.hub.replayFrame(seq);
                    if (f != null && c.takes(f)) c.writeDirect(f.bytes(), seq);
                }
            } else {
                streams.hub.registerResource(ref, c, Long.MAX_VALUE);
                Ingest.Snapshot s = ingest.snapshotOf(ref);
                String id = "ini_" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
                ObjectNode state = s.state() == null || !who.owns(s.state().tenant()) ? null : s.state().state();
                c.writeDirect(StreamMessages.initiated(s.lastSeq(), id, clock.instant(), state), s.lastSeq());
            }
            start(asked.request(), c, grant);
        } catch (IOException | RuntimeException e) {
            failed(c, e);
        }
    }

    /** The firehose, for the caller {@link io.herald.auth.Access} made of the request. */
    void firehose(Caller caller, List<TypePattern> types, Long lastEventId, Asked asked, Response response, Callback callback) {
        // a tenant's firehose carries that tenant's events only (CONTRACT 8); the operator's, every event
        Predicate<StoredEvent> wants = e -> types.isEmpty() ? !e.type().startsWith("herald.")
                : TypePattern.anyMatches(types, e.type()); // the client adds its caller's tenant
        StreamClient[] self = new StreamClient[1];
        StreamClient c = open(asked.request(), response, callback, caller, wants, () -> streams.hub.unregister(null, self[0]),
                given(lastEventId) ? lastEventId : 0);
        self[0] = c;
        try {
            streams.hub.registerFirehose(c);
            if (given(lastEventId)) { // one older than retention replays every event still retained
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
            start(asked.request(), c, caller.isOperator() ? Grant.everything()
                    : new Grant(List.of(), caller.expiresAt(), caller.tenant()));
        } catch (IOException | RuntimeException e) {
            failed(c, e);
        }
    }

    /**
     * A start that failed once the client owned the response: closing it ends the response. A client that went
     * away (an I/O error) is no error of Herald's.
     */
    private static void failed(StreamClient c, Exception e) {
        if (e instanceof IOException) log.debug("stream_start_failed reason=\"{}\"", e.toString());
        else log.error("stream_start_failed", e);
        c.giveUpStart();
    }

    /** The {@code types} filter of a firehose request: comma-separated event patterns, none for all. */
    static List<TypePattern> types(Asked asked) {
        List<TypePattern> types = new ArrayList<>();
        String param = asked.query("types");
        if (param != null && !param.isBlank()) {
            for (String p : param.split(",")) {
                if (!TypePattern.isValid(p.trim())) throw HeraldException.invalid("types: bad event pattern \"" + p + "\"");
                types.add(TypePattern.of(p.trim()));
            }
        }
        return types;
    }

    /**
     * Whether a Last-Event-ID is one this journal could have given out: not beyond its end. One beyond it means the
     * storage was reset or restored from an older copy, and replaying "after" it would send nothing until the seqs
     * passed it, silently; so it counts as none (a fresh {@code initiated}; the firehose starts now). A replica's
     * journal may lag behind the node the client came from: there the client waits for it to catch up.
     */
    private boolean given(Long lastEventId) {
        return lastEventId != null && (streams.replica || lastEventId <= journal.lastSeq());
    }

    /** The client's Last-Event-ID (header, else {@code ?lastEventId=}), null for none. */
    static Long lastEventId(Asked asked) {
        String v = asked.header("Last-Event-ID");
        if (v == null || v.isBlank()) v = asked.query("lastEventId");
        if (v == null || v.isBlank()) return null;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // refused below
        }
        throw HeraldException.invalid("Last-Event-ID must be a seq (a non-negative integer)");
    }

    /**
     * A client for the response, held: its first frames are written by the caller before live events may pass.
     * From here on the client owns the request's callback and completes it when the stream ends.
     *
     * @param after the client's Last-Event-ID (it has every event up to it), 0 for none
     */
    private static StreamClient open(Request request, Response response, Callback callback, Caller who,
                                     Predicate<StoredEvent> wants, Runnable onClose, long after) {
        response.setStatus(200);
        StreamRoutes.streamHeaders(response);
        StreamClient c = new StreamClient(StreamSink.of(request, response, callback), who, wants, onClose, after);
        try {
            c.writeDirect(SseFrames.retry(RETRY_MS), -1); // held: kept in memory, no I/O
        } catch (IOException impossible) {
            throw new IllegalStateException(impossible);
        }
        return c;
    }

    private void start(Request request, StreamClient c, Grant grant) throws IOException {
        c.release();
        if (grant.expiresAt() != null) {
            long ms = Math.max(0, Duration.between(clock.instant(), grant.expiresAt()).toMillis());
            streams.heartbeat.schedule(c::close, ms, TimeUnit.MILLISECONDS);
        }
        // with the peer watched, the stream needs nothing more of Jetty's exchange (JettySink.detach)
        if (PeerWatch.watch(request, c)) c.detach();
    }
}
