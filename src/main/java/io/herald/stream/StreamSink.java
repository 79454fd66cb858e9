package io.herald.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * Where a stream's bytes go: its response, written without blocking, and the connection under it.
 *
 * <p>What {@link StreamClient} relies on, and a second implementation must keep: {@link #write} never blocks and
 * completes its callback exactly once, possibly on the calling thread before it returns; it is called again only
 * after that. {@link #writeBlocking} is called only before the first {@link #write}. {@link #end} is called once,
 * with no write in flight, and ends the response. After {@link #abort}, a write in flight fails promptly rather
 * than waiting for the peer.
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
     * A Jetty core response, ended by completing the request's callback.
     *
     * <p>On HTTP/1.x the response is delimited by the connection's close ({@code Connection: close}, no chunking), and
     * once Jetty has written its head every later write goes straight to the connection's {@link EndPoint}: the
     * frames are the body's bytes as they are, so nothing of Jetty's HTTP layer needs to see them. Through the
     * response, each frame took Jetty's response state, its send callback and the chunk's framing: 12% of the
     * server's CPU with 10,000 streams on one resource (P5 hot, by async-profiler), a third of what it spent beside
     * the kernel's own send. Ending the response then writes nothing more and closes the connection, which an SSE
     * client takes as the end it is: it reconnects with Last-Event-ID.
     */
    static StreamSink of(Request request, Response response, Callback callback) {
        EndPoint endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        boolean raw = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        if (raw) response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        return new StreamSink() {
            @Override
            public void writeBlocking(byte[] bytes) throws IOException {
                try (Blocker.Callback written = Blocker.callback()) {
                    response.write(false, ByteBuffer.wrap(bytes), written);
                    written.block();
                }
            }

            @Override
            public void write(byte[] bytes, Callback done) {
                // the head is out once a write through the response completed (the first one always goes that way)
                if (raw && response.isCommitted()) {
                    endPoint.write(done, ByteBuffer.wrap(bytes));
                } else {
                    response.write(false, ByteBuffer.wrap(bytes), done);
                }
            }

            @Override
            public void end() {
                callback.succeeded();
            }

            @Override
            public void abort() {
                endPoint.close();
            }
        };
    }
}
