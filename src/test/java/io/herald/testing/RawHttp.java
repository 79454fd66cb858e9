package io.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * HTTP/1.1 over a plain socket, for what java.net.http refuses to send: oversized or malformed headers, a
 * missing Host, broken chunks, a body that never comes.
 */
public final class RawHttp {
    private RawHttp() {}

    public record Response(int status, String head, String body) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body);
            }
        }

        public String header(String name) {
            for (String line : head.split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) return line.substring(colon + 1).trim();
            }
            return null;
        }
    }

    /** Sends {@code request} as is and reads one answer (its Content-Length, or until the server closes). */
    public static Response exchange(int port, String request, Duration timeout) {
        return exchange(port, request.getBytes(StandardCharsets.ISO_8859_1), timeout);
    }

    public static Response exchange(int port, byte[] request, Duration timeout) {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout((int) timeout.toMillis());
            s.getOutputStream().write(request);
            s.getOutputStream().flush();
            return read(s.getInputStream());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one response from an open connection. */
    public static Response read(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int headEnd = -1;
        long length = -1;
        byte[] chunk = new byte[8192];
        try {
            while (true) {
                if (headEnd < 0) {
                    headEnd = buf.toString(StandardCharsets.ISO_8859_1).indexOf("\r\n\r\n");
                    if (headEnd >= 0) length = contentLength(buf.toString(StandardCharsets.ISO_8859_1).substring(0, headEnd));
                }
                if (headEnd >= 0 && length >= 0 && buf.size() >= headEnd + 4 + length) break;
                int n = in.read(chunk);
                if (n < 0) break;
                buf.write(chunk, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no complete answer in time; got: " + buf.toString(StandardCharsets.ISO_8859_1));
        }
        String all = buf.toString(StandardCharsets.UTF_8);
        if (headEnd < 0) throw new AssertionError("no HTTP answer, got: " + all);
        String head = all.substring(0, headEnd);
        int status = Integer.parseInt(head.split(" ", 3)[1]);
        return new Response(status, head, all.substring(headEnd + 4));
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) return Long.parseLong(line.substring(15).trim());
        }
        return -1;
    }
}
