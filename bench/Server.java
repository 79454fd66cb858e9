// The server a bench tool talks to: Herald (POST /api/v1/events, GET /TYPE/ID/events) or nginx with nchan, the
// SSE ceiling (POST /pub?id=TYPE-ID, GET /sub?id=TYPE-ID; see scripts/bench's nchan config). The tools send the
// same data to either, so the same client, schedule and parser measure both.
//
// A spec is "herald@HOST:PORT", "nchan@HOST:PORT" or plain "HOST:PORT" (Herald).
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

final class Server {
    final boolean nchan;
    final InetSocketAddress addr;
    final String key; // Herald's API key; nchan's locations take none

    private Server(boolean nchan, InetSocketAddress addr, String key) {
        this.nchan = nchan;
        this.addr = addr;
        this.key = key;
    }

    static Server parse(String spec, String key) {
        boolean nchan = spec.startsWith("nchan@");
        String hostPort = spec.substring(spec.indexOf('@') + 1);
        String[] hp = hostPort.split(":");
        return new Server(nchan, new InetSocketAddress(hp[0], Integer.parseInt(hp[1])), key);
    }

    String name() {
        return nchan ? "nchan" : "herald";
    }

    /** Herald's first message on a new stream is "initiated"; nchan's first bytes after the headers are a comment. */
    boolean initiatedFirst() {
        return !nchan;
    }

    /** The whole GET request that opens a stream on one resource (a channel for nchan). */
    byte[] streamRequest(String type, String id, String lastEventId) {
        String path = nchan ? "/sub?id=" + type + "-" + id : "/" + type + "/" + id + "/events";
        return ("GET " + path + " HTTP/1.1\r\nHost: " + addr.getHostString() + ":" + addr.getPort() + "\r\n"
                + (nchan ? "" : "Authorization: Bearer " + key + "\r\n")
                + (lastEventId == null ? "" : "Last-Event-ID: " + lastEventId + "\r\n")
                + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    RawHttp connect() throws IOException {
        return new RawHttp(addr.getHostString(), addr.getPort());
    }

    /**
     * Publishes one event whose JSON data is dataJson to a resource; true when the server took it. Herald stores
     * the event with dataJson as its data; nchan's message is dataJson itself. extraHeaders: "" or CRLF-ended lines.
     */
    boolean post(RawHttp http, String type, String id, String eventType, String dataJson, String extraHeaders) throws IOException {
        if (nchan) {
            int status = http.post("/pub?id=" + type + "-" + id, null, extraHeaders, dataJson.getBytes(StandardCharsets.UTF_8));
            return status == 201 || status == 202; // 201: subscribers got it, 202: queued for none
        }
        String body = "{\"type\":\"" + eventType + "\",\"resource\":{\"type\":\"" + type + "\",\"id\":\"" + id + "\"},\"data\":" + dataJson + "}";
        int status = http.post("/api/v1/events", key, extraHeaders, body.getBytes(StandardCharsets.UTF_8));
        return status == 202 || status == 200; // 200: an idempotent repeat of one already stored
    }
}
