package io.herald.testing;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Predicate;

/**
 * A stream opened on a plain socket, as {@code curl -N} opens it: one GET, then only reads. It can go away the
 * two ways a killed client does: a reset ({@link #abort}, SO_LINGER 0) or an orderly close ({@link #close}).
 */
public final class RawSseSocket implements AutoCloseable {
    private final Socket socket;
    private final StringBuilder seen = new StringBuilder();

    private RawSseSocket(Socket socket) {
        this.socket = socket;
    }

    /** Connects and sends {@code GET pathAndQuery}; extraHeaders are whole lines without CRLF, e.g. "Last-Event-ID: 3". */
    public static RawSseSocket open(int port, String pathAndQuery, String... extraHeaders) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            StringBuilder req = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
            for (String h : extraHeaders) req.append(h).append("\r\n");
            s.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new RawSseSocket(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /**
     * Reads until what this socket received so far (the raw response, chunk sizes included) satisfies
     * {@code done}; then answers it and starts afresh.
     */
    public String readUntil(Predicate<String> done, Duration timeout) throws IOException {
        long end = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buf = new byte[4096];
        while (!done.test(seen.toString())) {
            long left = (end - System.nanoTime()) / 1_000_000;
            if (left <= 0) throw new AssertionError("timed out after " + timeout + "; received so far:\n" + seen);
            socket.setSoTimeout((int) Math.max(1, left));
            int n;
            try {
                n = in.read(buf);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) throw new AssertionError("the stream ended; received:\n" + seen);
            seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
        }
        String out = seen.toString();
        seen.setLength(0);
        return out;
    }

    /** Reads the response head and the first message (the initiated or first replayed one). */
    public String readFirstMessage(Duration timeout) throws IOException {
        String s = readUntil(t -> t.contains("\r\n\r\n") && t.contains("data: ") && t.endsWith("\n\n"), timeout);
        if (!s.startsWith("HTTP/1.1 200")) throw new AssertionError("not a 200 stream:\n" + s);
        return s;
    }

    /** Goes away as a killed client whose kernel resets the connection (SO_LINGER 0: an RST, no FIN). */
    public void abort() {
        try {
            socket.setSoLinger(true, 0);
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }

    /** An orderly close (FIN), as a killed client that had read everything. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // gone either way
        }
    }
}
