package io.herald.api;

import io.herald.core.HeraldException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads each request body whole before any route runs, without holding a thread while it arrives. Routes read
 * bodies with blocking reads: 200 clients sending one byte a second held all 200 HTTP threads, and /health
 * timed out with everyone else. Here a body arrives through Jetty's demand callbacks, so a slow client costs a
 * connection and its bytes so far, never a thread; once complete, the request goes on to Javalin with the body in
 * memory (attribute {@link #BODY}).
 *
 * <p>Limits are answered without waiting: a Content-Length over server.max-body is a 413 from the header alone
 * (a client announcing 999,999,999 bytes used to hold its thread until it hung up), a body not complete within
 * {@link #timeoutFor(long)} a 408, a broken body (bad chunk framing, or a client that hung up) a 400, logged at
 * debug only: a client going away is not Herald's error.
 *
 * <p>A 413 is answered at once, and the connection closes only after the rest of the body was read and dropped
 * ({@link RefusedBody}: a close with unread bytes resets the connection and can lose the answer).
 */
public final class BodyGate extends Handler.Wrapper {
    /** Request attribute: the whole body as a byte[] of its exact length. */
    public static final String BODY = "herald.body";
    /** Every body gets at least this long, and more at {@link #MIN_RATE} for a large server.max-body. */
    static final Duration MIN_TIMEOUT = Duration.ofSeconds(10);
    /** bytes per second a client must at least manage, so that the largest body still fits in its time */
    static final long MIN_RATE = 32 * 1024;
    private static final Logger log = LoggerFactory.getLogger(BodyGate.class);


    private final long maxBody;
    private final long timeoutMillis;

    public BodyGate(long maxBody) {
        this.maxBody = maxBody;
        this.timeoutMillis = timeoutFor(maxBody).toMillis();
    }

    /** How long a client may take to send its body: 10 s, or max-body at 32 KB/s (32 s for 1 MB) if longer. */
    public static Duration timeoutFor(long maxBody) {
        Duration atRate = Duration.ofMillis(maxBody * 1000 / MIN_RATE);
        return atRate.compareTo(MIN_TIMEOUT) > 0 ? atRate : MIN_TIMEOUT;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler next = getHandler();
        if (next == null) return false;
        long length = request.getLength();
        boolean chunked = length < 0 && request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING);
        if (length == 0 || (length < 0 && !chunked)) return next.handle(request, response, callback);
        if (length > maxBody) {
            RefusedBody.answer(request, response, callback, tooLarge());
            return true;
        }
        new Loader(next, request, response, callback, length).start();
        return true;
    }

    private HeraldException tooLarge() {
        return new HeraldException(413, "too_large", "the request body is larger than server.max-body ("
                + maxBody + " bytes)");
    }

    /** Answers through the server's {@link JsonErrorHandler} and closes: the rest of the body is never read. */
    static void refuse(Request request, Response response, Callback callback, HeraldException e) {
        request.setAttribute(JsonErrorHandler.ERROR, e);
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        Response.writeError(request, response, callback, e.status(), e.getMessage());
    }


    /** One body on its way in. Settled exactly once: by its last byte, a failure, a limit or the timer. */
    private final class Loader implements Invocable.Task {
        private final Handler next;
        private final Request request;
        private final Response response;
        private final Callback callback;
        private final boolean exact;
        private final AtomicBoolean settled = new AtomicBoolean();
        private byte[] buf;
        private int size;
        /** set when the body does not come whole at once: most posts arrive with their headers and need none */
        private volatile Scheduler.Task timer;

        Loader(Handler next, Request request, Response response, Callback callback, long length) {
            this.next = next;
            this.request = request;
            this.response = response;
            this.callback = callback;
            this.exact = length >= 0;
            this.buf = new byte[exact ? (int) length : 1024];
        }

        void start() {
            read(false);
        }

        /** Jetty's demand callback: more bytes (or the end) have arrived. */
        @Override
        public void run() {
            read(true);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING; // it only copies bytes; the route runs where dispatch() says
        }

        private void read(boolean fromDemand) {
            while (!settled.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    if (timer == null) {
                        Scheduler scheduler = request.getComponents().getScheduler();
                        timer = scheduler.schedule(this::timedOut, timeoutMillis, TimeUnit.MILLISECONDS);
                    }
                    request.demand(this);
                    return;
                }
                if (Content.Chunk.isFailure(chunk)) {
                    failed(chunk.getFailure());
                    return;
                }
                boolean last = chunk.isLast();
                boolean fits = append(chunk.getByteBuffer());
                chunk.release();
                if (!fits) {
                    if (settle()) RefusedBody.answer(request, response, callback, tooLarge());
                    return;
                }
                if (last) {
                    if (settle()) dispatch(fromDemand);
                    return;
                }
            }
        }

        private boolean append(ByteBuffer bytes) {
            int n = bytes.remaining();
            if ((long) size + n > maxBody || (exact && size + n > buf.length)) return false;
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(maxBody, Math.max(2L * buf.length, size + n)));
            }
            bytes.get(buf, size, n);
            size += n;
            return true;
        }

        private boolean settle() {
            if (!settled.compareAndSet(false, true)) return false;
            Scheduler.Task t = timer;
            if (t != null) t.cancel();
            return true;
        }

        private void timedOut() {
            if (!settle()) return;
            log.debug("request_body_timeout path={} received={} limitMs={}", request.getHttpURI().getPath(), size,
                    timeoutMillis);
            refuse(request, response, callback, new HeraldException(408, "request_timeout",
                    "the request body did not arrive within " + timeoutMillis / 1000 + " s (" + size
                            + " bytes came); send it at once"));
        }

        private void failed(Throwable failure) {
            if (!settle()) return;
            if (failure instanceof HttpException http && http.getCode() == 413) {
                refuse(request, response, callback, tooLarge());
                return;
            }
            if (failure instanceof TimeoutException) {
                refuse(request, response, callback, new HeraldException(408, "request_timeout",
                        "the connection went idle before the request body was complete"));
                return;
            }
            // a client that hung up and a malformed chunk look the same from here: both end the body early
            log.debug("request_body_broken path={} received={} reason=\"{}\"", request.getHttpURI().getPath(), size,
                    failure.toString());
            String why = exact
                    ? "the request body ended early: it is shorter than its Content-Length"
                    : "the request body ended early, or its chunked encoding is malformed";
            refuse(request, response, callback, HeraldException.invalid(why));
        }

        /**
         * The body is complete: the route runs on this thread if it was already running the request, or if the
         * request may be served where it was read ({@link InlinePosts#isInline}); else on a pool thread, never on the
         * selector that called us back.
         */
        private void dispatch(boolean fromDemand) {
            byte[] body = size == buf.length ? buf : Arrays.copyOf(buf, size);
            if (fromDemand && !InlinePosts.isInline(request)) {
                request.getContext().execute(() -> proceed(body));
            } else {
                proceed(body);
            }
        }

        private void proceed(byte[] body) {
            serve(next, new WholeBody(request, body), response, callback);
        }
    }

    /**
     * Runs {@code next} on a request whose handling already returned to Jetty (on another thread, or later): as
     * Jetty would, a request no handler takes is a 404, and a failure is answered. Javalin catches what routes
     * throw, so a failure here is one in Jetty itself.
     */
    static void serve(Handler next, Request request, Response response, Callback callback) {
        try {
            if (!next.handle(request, response, callback)) Response.writeError(request, response, callback, 404);
        } catch (Throwable t) {
            Response.writeError(request, response, callback, t);
        }
    }

    /**
     * The request as the routes see it: its body is one chunk already in memory, and attribute {@link #BODY}. The
     * attribute is answered here, not set: setting one gives the request a map of its own (a twentieth of what a
     * post allocated, P5 spread).
     */
    private static final class WholeBody extends Request.Wrapper {
        private final byte[] bytes;
        private Content.Chunk body;

        WholeBody(Request wrapped, byte[] bytes) {
            super(wrapped);
            this.bytes = bytes;
            this.body = Content.Chunk.from(ByteBuffer.wrap(bytes), true);
        }

        @Override
        public Object getAttribute(String name) {
            return BODY.equals(name) ? bytes : super.getAttribute(name);
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk c = body;
            body = Content.Chunk.EOF;
            return c;
        }

        @Override
        public void demand(Runnable demandCallback) {
            demandCallback.run(); // read() never answers null: there is always something to read
        }
    }
}
