package io.herald.stream;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.ee10.servlet.HttpOutput;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Where a stream's bytes go: its response, written without blocking, and the connection under it.
 *
 * <p>What {@link StreamClient} relies on, and a second implementation must keep: {@link #write} never blocks and
 * completes its callback exactly once, possibly on the calling thread before it returns; it is called again only
 * after that. {@link #writeBlocking} is called only before the first {@link #write}. After {@link #abort}, a write
 * in flight fails promptly rather than waiting for the peer.
 */
interface StreamSink {
    /** Blocking: only while the client is held, when no non-blocking write can be in flight. */
    void writeBlocking(byte[] bytes) throws IOException;

    /** Writes without blocking and completes {@code done} when the bytes are out (or failed). */
    void write(byte[] bytes, Callback done);

    /** Drops the connection: a write the peer does not take then fails at once instead of at an idle timeout. */
    void abort();

    /** A Jetty response: its servlet stream for the held start, its core response for the rest. */
    static StreamSink of(HttpOutput servletOut, Response core, Runnable abort) {
        return new StreamSink() {
            /** As a whole buffer: write(byte[]) would go through an 8 KB aggregation buffer kept for good. */
            @Override
            public void writeBlocking(byte[] bytes) throws IOException {
                servletOut.write(ByteBuffer.wrap(bytes));
            }

            @Override
            public void write(byte[] bytes, Callback done) {
                core.write(false, ByteBuffer.wrap(bytes), done);
            }

            @Override
            public void abort() {
                abort.run();
            }
        };
    }
}
