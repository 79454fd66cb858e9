package io.herald.stream;

import java.io.IOException;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.ConnectionMetaData;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * Keeps a read pending on a stream's connection, so that the selector tells Herald as soon as the client goes
 * away (end of stream or reset) and the stream is unregistered and its descriptor freed at once, not at the next
 * write (a keepalive, up to {@code server.keepalive} later).
 *
 * <p>Jetty reads an HTTP/1 connection only while a request is incomplete: once a GET's head is parsed it stops
 * until the response ends, and a request's demand for content is answered from the parser (the body is done)
 * without touching the socket. So the watch asks the connection's end point itself. A healthy SSE client sends
 * nothing after its request, so anything the read finds ends the stream: end of stream or reset is the client
 * gone; bytes would be a pipelined request, which cannot be answered while the stream is open. When Herald ends
 * a stream first (slow client, token expired), Jetty sees this read pending as the response completes and closes
 * the connection (a detached stream's end closes it itself, {@link JettySink}), which fails the read:
 * {@link StreamClient#close} is then a no-op. The read is the end point's own, so it outlives Jetty's HTTP
 * connection when the stream detaches.
 */
final class PeerWatch implements Callback {
    private final EndPoint endPoint;
    private final StreamClient client;

    private PeerWatch(EndPoint endPoint, StreamClient client) {
        this.endPoint = endPoint;
        this.client = client;
    }

    /**
     * Starts watching the connection of {@code request}: call it once the response is committed and the client
     * registered. HTTP/2 multiplexes streams over one connection, so there the next write finds a gone client.
     * Answers whether the read is pending now: only then may the stream leave Jetty's connection behind.
     */
    static boolean watch(Request request, StreamClient client) {
        ConnectionMetaData meta = request.getConnectionMetaData();
        HttpVersion version = meta.getHttpVersion();
        if (version != HttpVersion.HTTP_1_1 && version != HttpVersion.HTTP_1_0) return false;
        return new PeerWatch(meta.getConnection().getEndPoint(), client).arm();
    }

    private boolean arm() {
        if (client.closed()) return false;
        // false: Jetty reads this connection itself again, which happens only once the response has ended
        return endPoint.tryFillInterested(this);
    }

    /** The connection is readable. */
    @Override
    public void succeeded() {
        int read;
        try {
            read = endPoint.fill(BufferUtil.allocate(16));
        } catch (IOException reset) {
            read = -1;
        }
        if (read == 0) arm(); // a spurious wake-up
        else client.close();
    }

    /** The connection closed (or idled out) under the pending read. */
    @Override
    public void failed(Throwable cause) {
        client.close();
    }

    /** Closing a client completes its response: Jetty runs that on a pool thread, never on the selector. */
    @Override
    public InvocationType getInvocationType() {
        return InvocationType.BLOCKING;
    }
}
