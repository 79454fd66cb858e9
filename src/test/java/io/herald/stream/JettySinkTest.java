package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A stream's response on a real Jetty server and a real socket: once detached, the end point belongs to a bare
 * connection (Jetty's HTTP exchange is let go), frames still reach the client, and ending closes the connection.
 */
class JettySinkTest {
    static final Duration WAIT = Duration.ofSeconds(10);
    static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII);

    /** what the handler did with each request: its sink, and whether it detached */
    record Started(JettySink sink, boolean detached, Object connection) {}

    final BlockingQueue<Started> started = new ArrayBlockingQueue<>(4);
    volatile boolean endBeforeDetach;
    Server server;
    int port;

    @BeforeEach
    void start() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setPort(0);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                response.setStatus(200);
                response.getHeaders().put("Content-Type", "text/event-stream");
                JettySink sink = new JettySink(request, response, callback);
                sink.writeBlocking(RETRY); // the head goes out with it, as a stream's start does
                if (endBeforeDetach) sink.end();
                boolean detached = sink.detach();
                started.add(new Started(sink, detached, request.getConnectionMetaData().getConnection().getEndPoint().getConnection()));
                return true;
            }
        });
        server.start();
        port = connector.getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        server.stop();
    }

    @Test
    void a_detached_stream_keeps_writing_on_a_bare_connection_and_its_end_closes_it() throws Exception {
        try (Socket s = connect("GET /s HTTP/1.1\r\nHost: x\r\n\r\n")) {
            Started st = started.poll(10, TimeUnit.SECONDS);
            assertNotNull(st);
            assertTrue(st.detached());
            assertInstanceOf(JettySink.Bare.class, st.connection(), "Jetty's HTTP connection is no longer the end point's");
            String head = read(s, t -> t.endsWith("retry: 3000\n\n"));
            assertTrue(head.startsWith("HTTP/1.1 200"), head);
            assertTrue(head.toLowerCase().contains("connection: close"), head);

            Callback.Completable written = new Callback.Completable();
            st.sink().write("id: 1\ndata: {}\n\n".getBytes(StandardCharsets.US_ASCII), written);
            written.get(10, TimeUnit.SECONDS);
            assertEquals("id: 1\ndata: {}\n\n", read(s, t -> t.endsWith("\n\n")));

            st.sink().end();
            assertEquals(-1, readEnd(s), "the client sees the stream end");
        }
    }

    @Test
    void a_pipelined_request_behind_a_stream_closes_it_rather_than_waiting_unanswered() throws Exception {
        try (Socket s = connect("GET /s HTTP/1.1\r\nHost: x\r\n\r\nGET /t HTTP/1.1\r\nHost: x\r\n\r\n")) {
            Started st = started.poll(10, TimeUnit.SECONDS);
            assertNotNull(st);
            read(s, t -> t.endsWith("retry: 3000\n\n"));
            assertEquals(-1, readEnd(s), "closed: the second request cannot be answered while the stream is open");
        }
    }

    @Test
    void a_response_that_ended_first_is_not_detached() throws Exception {
        endBeforeDetach = true;
        try (Socket s = connect("GET /s HTTP/1.1\r\nHost: x\r\n\r\n")) {
            Started st = started.poll(10, TimeUnit.SECONDS);
            assertNotNull(st);
            assertFalse(st.detached());
            read(s, t -> t.endsWith("retry: 3000\n\n"));
            assertEquals(-1, readEnd(s), "Jetty ended it (Connection: close)");
        }
    }

    private Socket connect(String request) throws IOException {
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

    /** Reads until what came since the last call satisfies done; answers it. */
    private String read(Socket s, Predicate<String> done) throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        InputStream in = s.getInputStream();
        byte[] buf = new byte[4096];
        while (!done.test(seen.toString(StandardCharsets.US_ASCII))) {
            int n = readSome(s, in, buf, end);
            if (n < 0) throw new AssertionError("ended; received: " + seen.toString(StandardCharsets.US_ASCII));
            seen.write(buf, 0, n);
        }
        String out = seen.toString(StandardCharsets.US_ASCII);
        seen.reset();
        return out;
    }

    /** Reads to the end of the stream: -1 once it ended, failing on anything more that arrives. */
    private int readEnd(Socket s) throws IOException {
        long end = System.nanoTime() + WAIT.toNanos();
        byte[] buf = new byte[4096];
        int n = readSome(s, s.getInputStream(), buf, end);
        if (n >= 0) fail("more came: " + new String(buf, 0, n, StandardCharsets.US_ASCII));
        return n;
    }

    private static int readSome(Socket s, InputStream in, byte[] buf, long end) throws IOException {
        for (;;) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new AssertionError("timed out");
            s.setSoTimeout((int) Math.max(1, left));
            try {
                return in.read(buf);
            } catch (SocketTimeoutException e) {
                // loop: the deadline decides
            }
        }
    }
}
