// A minimal HTTP/1.1 keep-alive client for the bench tools: POST, read the status, skip the body. Cheap and
// predictable, so that the tool's own cost stays out of what it measures.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

final class RawHttp implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final String host;

    RawHttp(String host, int port) throws IOException {
        this.host = host + ":" + port;
        socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    int post(String path, String bearer, byte[] body) throws IOException {
        return post(path, bearer, "", body);
    }

    /** bearer may be null (no Authorization); extraHeaders is "" or whole header lines, each ending in CRLF. */
    int post(String path, String bearer, String extraHeaders, byte[] body) throws IOException {
        String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\n"
                + (bearer == null ? "" : "Authorization: Bearer " + bearer + "\r\n") + extraHeaders
                + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] req = Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, req, h.length, body.length);
        out.write(req);
        out.flush();
        String status = line();
        if (status == null) throw new IOException("connection closed");
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = 0;
        boolean chunked = false;
        for (String l; (l = line()) != null && !l.isEmpty(); ) {
            String lower = l.toLowerCase();
            if (lower.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
            if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                in.skipNBytes(size);
                line();
            }
            line();
        } else {
            in.skipNBytes(length);
        }
        return code;
    }

    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(64);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
