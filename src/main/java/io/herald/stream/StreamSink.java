package io.herald.stream;

import java.io.IOException;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Where a stream's bytes go: its response, written without blocking, and the connection under it.
 *
 * <p>What {@link StreamClient} relies on, and a second implementation must keep: {@link #write} never blocks and
 * completes its callback exactly once, possibly on the calling thread before it returns; it is called again only
 * after that. {@link #writeBlocking} is called only before the first {@link #write}. {@link #end} is called once,
 * with no write in flight, and ends the response. After {@link #abort}, a write in flight fails promptly rather
 * than waiting for the peer. {@link #detach} is called at most once, by the connecting thread after its blocking
 * writes, and may run beside a {@link #write} or {@link #end} of another thread.
 */
interface StreamSink {
    /** Blocking: only while the client is held, when no non-blocking write can be in flight. */
    void writeBlocking(byte[] bytes) throws IOException;

    /** Writes without blocking and completes {@code done} when the bytes are out (or failed). */
    void write(byte[] bytes, Callback done);

    /** Ends the response: Jetty then finishes the connection's exchange (or closes a failed connection). */
    void end();

    /** Drops the connection: a write the peer does not take then fails at once instead of at an idle timeout. */
    void abort();

    /**
     * Once the response's head is out, the connection under it is left to the stream alone (see
     * {@link JettySink#detach}); a sink that cannot (HTTP/2, a head not out yet) keeps what it has. Answers whether it did.
     */
    default boolean detach() {
        return false;
    }

    /** A Jetty core response, ended by completing the request's callback: see {@link JettySink}. */
    static StreamSink of(Request request, Response response, Callback callback) {
        return new JettySink(request, response, callback);
    }
}
