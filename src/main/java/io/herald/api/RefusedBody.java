package io.herald.api;

import io.herald.core.HeraldException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.Scheduler;

/**
 * A body too large, answered {@code 413} at once, read and dropped before the connection closes: closing a socket
 * with unread bytes makes the kernel send a reset, which can destroy the answer in the client's receive buffer
 * before the client, still busy sending, reads it (45 of 300 posts of 700 KB saw "connection reset" instead of the
 * error). nginx's lingering_close does the same, bounded the same way.
 */
final class RefusedBody {
    /** The most of a refused body read and dropped before the connection closes. */
    static final long LINGER_BYTES = 8L * 1024 * 1024;
    /** How long a refused body is read and dropped at most before the connection closes. */
    static final Duration LINGER = Duration.ofSeconds(2);

    private RefusedBody() {}

    /**
     * Answers the refusal, then reads and drops the rest of the body, then ends the response: Jetty fails a body
     * still unread once the response is complete, so the answer goes out first with its Content-Length and only its
     * end waits for the drain. A client that asked {@code Expect: 100-continue} has sent no body and gets the plain
     * refusal.
     */
    static void answer(Request request, Response response, Callback callback, HeraldException e) {
        if (request.getHeaders().contains(HttpHeader.EXPECT, HttpHeaderValue.CONTINUE.asString())) {
            BodyGate.refuse(request, response, callback, e);
            return;
        }
        byte[] answer = Errors.answer(e);
        response.setStatus(e.status());
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.length);
        response.write(false, ByteBuffer.wrap(answer), Callback.from(
                () -> new Drain(request, () -> response.write(true, null, callback)).start(), callback::failed));
    }

    /**
     * The rest of a refused body, read and dropped after the answer went out, so the close that follows finds no
     * unread bytes. Runs {@code then} exactly once: at the body's end, a failure, or a limit.
     */
    private static final class Drain implements Invocable.Task {
        private final Request request;
        private final Runnable then;
        private final AtomicBoolean done = new AtomicBoolean();
        private long left = LINGER_BYTES;
        private volatile Scheduler.Task timer;

        Drain(Request request, Runnable then) {
            this.request = request;
            this.then = then;
        }

        void start() {
            timer = request.getComponents().getScheduler().schedule(this::finish, LINGER.toMillis(),
                    TimeUnit.MILLISECONDS);
            run();
        }

        @Override
        public void run() {
            while (!done.get()) {
                Content.Chunk chunk = request.read();
                if (chunk == null) {
                    request.demand(this);
                    return;
                }
                boolean end = chunk.isLast() || Content.Chunk.isFailure(chunk);
                left -= chunk.remaining();
                chunk.release();
                if (end || left <= 0) {
                    finish();
                    return;
                }
            }
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.NON_BLOCKING; // it only drops bytes
        }

        private void finish() {
            if (!done.compareAndSet(false, true)) return;
            Scheduler.Task t = timer;
            if (t != null) t.cancel();
            then.run();
        }
    }
}
