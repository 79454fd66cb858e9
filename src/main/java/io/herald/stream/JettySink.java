package io.herald.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.Executor;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpHeaderValue;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.io.AbstractConnection;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.BufferUtil;
import org.eclipse.jetty.util.Callback;

/**
 * A stream's Jetty core response, ended by completing the request's callback.
 *
 * <p>On HTTP/1.x the response is delimited by the connection's close ({@code Connection: close}, no chunking), and
 * once Jetty has written its head every later write goes straight to the connection's {@link EndPoint}: the
 * frames are the body's bytes as they are, so nothing of Jetty's HTTP layer needs to see them. Through the
 * response, each frame took Jetty's response state, its send callback and the chunk's framing: 12% of the
 * server's CPU with 10,000 streams on one resource (P5 hot, by async-profiler), a third of what it spent beside
 * the kernel's own send. Ending the response then writes nothing more and closes the connection, which an SSE
 * client takes as the end it is: it reconnects with Last-Event-ID.
 *
 * <p>{@link #detach} goes one step further: the end point is handed to a {@link Bare} connection, so Jetty's HTTP
 * exchange (its connection, parser, generator, channel state, request, headers: ~5 of the ~6 KB a stream held,
 * {@code jcmd GC.class_histogram} with 1,000 streams) is garbage at once instead of living as long as the stream. A
 * young collection right after many streams opened had to copy all of it, and those were the longest pauses in P5
 * spread (10-24 ms against 2-5). Jetty's connection loop expects its end point to change connection while a request
 * is handled (its 101 upgrades do), and stops there; the request's callback is then never completed, which only
 * matters to handlers that count requests in flight (Herald installs none). A detached stream ends by closing the
 * end point.
 */
final class JettySink implements StreamSink {
    private final EndPoint endPoint;
    private final Executor executor;
    private final boolean raw;
    /** null once detached: nothing of the exchange is kept */
    private volatile Response response;
    private Callback callback;
    private boolean ended;

    JettySink(Request request, Response response, Callback callback) {
        this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
        this.executor = request.getConnectionMetaData().getConnector().getExecutor();
        HttpVersion version = request.getConnectionMetaData().getHttpVersion();
        this.raw = version == HttpVersion.HTTP_1_1 || version == HttpVersion.HTTP_1_0;
        if (raw) response.getHeaders().put(HttpHeader.CONNECTION, HttpHeaderValue.CLOSE.asString());
        this.response = response;
        this.callback = callback;
    }

    @Override
    public void writeBlocking(byte[] bytes) throws IOException {
        try (Blocker.Callback written = Blocker.callback()) {
            response.write(false, ByteBuffer.wrap(bytes), written);
            written.block();
        }
    }

    @Override
    public void write(byte[] bytes, Callback done) {
        Response r = response;
        // the head is out once a write through the response completed (the first one always goes that way)
        if (r == null || raw && r.isCommitted()) {
            endPoint.write(done, ByteBuffer.wrap(bytes));
        } else {
            r.write(false, ByteBuffer.wrap(bytes), done);
        }
    }

    @Override
    public synchronized void end() {
        ended = true;
        if (response == null) endPoint.close();
        else callback.succeeded();
    }

    @Override
    public void abort() {
        endPoint.close();
    }

    /**
     * Hands the end point to a {@link Bare} connection: only on HTTP/1.x, once the head is out (the connecting
     * thread's blocking write completed), and not after the response ended.
     */
    @Override
    public synchronized boolean detach() {
        Response r = response;
        if (!raw || ended || r == null || !r.isCommitted()) return false;
        Bare bare = new Bare(endPoint, executor);
        endPoint.upgrade(bare);
        response = null;
        callback = null;
        // bytes Jetty had read past the request: a pipelined request, which an open stream cannot answer
        if (bare.pipelined) endPoint.close();
        return true;
    }

    /**
     * What holds a detached stream's end point: nothing to parse or generate. It never asks to read
     * ({@link PeerWatch} keeps its own read pending on the end point), and an idle timeout closes the end point as
     * for any connection.
     */
    static final class Bare extends AbstractConnection implements Connection.UpgradeTo {
        private boolean pipelined;

        Bare(EndPoint endPoint, Executor executor) {
            super(endPoint, executor);
        }

        @Override
        public void onUpgradeTo(ByteBuffer buffer) {
            pipelined = BufferUtil.hasContent(buffer);
        }

        @Override
        public void onFillable() {
            // never fill-interested
        }
    }
}
