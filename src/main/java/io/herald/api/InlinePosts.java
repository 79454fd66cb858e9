package io.herald.api;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Herald's outermost handler: it decides which thread serves a request. Event posts ({@link EventRoutes}) run on
 * the thread that read them, Jetty's selector, like nginx serves a request on its event loop; every other request
 * is handed to the pool, as Jetty would have done for all of them.
 *
 * <p>Why: Jetty hands a request to a pool thread when any handler may block, and Javalin's servlet may, so every
 * post cost a hand-off: a thread woken, the selector's work passed on, 4.2 context switches per single-event post
 * at 1,000 posts/s (P5 spread). A post only copies its body, takes ingest's lock for work in memory and an append
 * to the journal's mapped file, and writes its answer and stream frames without blocking, so it can run where it
 * was read. Measured (p2 harness, wrk -t2 -c64, with two selectors): batch ingest 307k → 479-492k events/s,
 * single-event posts 16 vs 21-28 µs of CPU each.
 *
 * <p>The promise this keeps for Jetty: it answers {@link InvocationType#NON_BLOCKING}, so Jetty runs it on the
 * selector, and nothing it runs there waits. A request that may wait goes to the pool before anything else runs:
 * Javalin's routes (blocking writes of large answers), stream opening (a replay writes with blocking writes), and
 * every post when the {@link io.herald.ingest.Poster} does not answer locally (cluster mode waits for Kafka). A body
 * still arriving is read through demand callbacks that wait for nothing ({@link BodyGate}); a post whose body
 * arrives in parts is served on the thread of its last part ({@link #isInline}).
 *
 * <p>What still takes a pool thread: setting up an accepted connection (Jetty), and reading a connection's next
 * request after a post whose body came in a later read (Jetty resumes such a connection on the pool). So with
 * every pool thread held (stalled readers of large answers), posts still answer on open connections that send each
 * request whole, and wait like everything else otherwise.
 */
public final class InlinePosts extends Handler.Wrapper {

    private final boolean postsInline;

    /** @param postsInline whether posts may run where they were read: the poster answers locally */
    public InlinePosts(boolean postsInline) {
        this.postsInline = postsInline;
    }

    @Override
    public InvocationType getInvocationType() {
        return InvocationType.NON_BLOCKING;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (postsInline && EventRoutes.takes(request)) {
            return super.handle(new Inline(request), response, callback);
        }
        Handler next = getHandler();
        if (next == null) return false;
        request.getContext().execute(() -> BodyGate.serve(next, request, response, callback));
        return true;
    }

    /** Whether {@code request} is served on the thread that read it: its route may run on any thread. */
    static boolean isInline(Request request) {
        return Request.as(request, Inline.class) != null;
    }

    /** A request served where it was read; a wrapper, not an attribute (which gives a request a map of its own). */
    private static final class Inline extends Request.Wrapper {
        Inline(Request wrapped) {
            super(wrapped);
        }
    }
}
