package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.RawHttp;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that send their body one byte a second: 200 of them held all 200 HTTP threads, and /health and
 * everyone else timed out. Real sockets, real server.
 */
class SlowClientsTest {
    static final int SLOW_CLIENTS = 1000;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    static final byte[] SLOW_START = ("POST /api/v1/events HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + Herald.API_KEY
            + "\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
    @TempDir Path dir;
    Herald herald;
    final List<Socket> slow = new ArrayList<>();

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "");
    }

    @AfterEach
    void stop() throws IOException {
        for (Socket s : slow) s.close();
        herald.close();
    }

    Socket slowClient() throws IOException {
        Socket s = new Socket("127.0.0.1", herald.app().port());
        s.getOutputStream().write(SLOW_START);
        slow.add(s);
        return s;
    }

    /** Paces the slow clients at one byte a second: the pace is what is under test, not a synchronisation. */
    static void nextSecond(long since) throws InterruptedException {
        long left = 1000 - (System.nanoTime() - since) / 1_000_000;
        if (left > 0) Thread.sleep(left);
    }

    @Test
    void a_thousand_slow_body_clients_hold_no_thread_and_health_and_posts_still_answer_at_once() throws Exception {
        for (int i = 0; i < SLOW_CLIENTS; i++) slowClient();
        HttpClient client = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + herald.app().port();
        for (int second = 0; second < 3; second++) {
            long t0 = System.nanoTime();
            for (Socket s : slow) s.getOutputStream().write(' ');
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health"))
                    .timeout(ANSWER_WITHIN).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                    .timeout(ANSWER_WITHIN).header("Authorization", "Bearer " + Herald.API_KEY)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{\"second\":" + second + "}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, post.statusCode(), post.body());
            nextSecond(t0);
        }
        assertEquals(3, herald.lastSeq(), "only the complete posts were journaled");
    }

    @Test
    void a_body_not_complete_within_the_time_bound_is_408_and_the_connection_closed() throws Exception {
        Duration bound = BodyGate.timeoutFor(64 * 1024); // the test config's server.max-body
        Socket s = slowClient();
        PushbackInputStream in = new PushbackInputStream(s.getInputStream());
        s.setSoTimeout(1000);
        long start = System.nanoTime();
        RawHttp.Response answer = null;
        for (int second = 0; answer == null && second < bound.toSeconds() + 10; second++) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(' ');
            answer = answerIfAny(in);
            if (answer == null) nextSecond(t0);
        }
        assertNotNull(answer, "no answer within the bound and 10 s more");
        assertEquals(408, answer.status(), answer.body());
        assertEquals("request_timeout", answer.json().get("error").get("code").asText());
        assertTrue(answer.json().get("error").get("message").asText().contains("within " + bound.toSeconds() + " s"), answer.body());
        assertTrue(System.nanoTime() - start >= bound.toNanos() - 1_000_000_000L, "not before the bound");
        s.setSoTimeout(5000);
        assertEquals(-1, in.read(), "the connection is closed: the rest of the body is never read");
        assertEquals(0, herald.lastSeq());
        assertEquals(202, new Http("http://127.0.0.1:" + herald.app().port(), Herald.API_KEY)
                .post("/api/v1/events", "{\"type\":\"a.b\",\"data\":{}}").status());
    }

    /**
     * Stream clients that stop reading during a replay each hold a pool thread in a blocking write, up to every one
     * of them. Event posts need none: they are served on the selector that read them ({@link InlinePosts}), so a
     * backend's open connection still gets its posts answered. (A new connection waits like every other request:
     * Jetty sets up an accepted connection on a pool thread.)
     */
    @Test
    void posts_on_an_open_connection_answer_while_stalled_readers_hold_every_pool_thread() throws Exception {
        int port = herald.app().port();
        Socket backend = new Socket("127.0.0.1", port);
        slow.add(backend);
        backend.setSoTimeout((int) ANSWER_WITHIN.toMillis());
        assertEquals(202, postOn(backend, 0).status(), "the backend's connection is open and served");
        Http http = new Http("http://127.0.0.1:" + port, Herald.API_KEY);
        String big = "x".repeat(60_000); // near the test config's 64 KB max-body
        for (int i = 0; i < 100; i++) {
            assertEquals(202, http.post("/api/v1/events", "{\"type\":\"a.big\",\"data\":{\"s\":\"" + big + "\"}}").status());
        }
        // each replays 6 MB of events to a reader with a small window, which never reads: its thread blocks
        byte[] replay = ("GET /api/v1/stream?lastEventId=0 HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + Herald.API_KEY
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        List<Socket> stalled = new ArrayList<>();
        for (int i = 0; i < 80; i++) { // more than the pool's 64 threads
            Socket s = new Socket();
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress("127.0.0.1", port));
            s.getOutputStream().write(replay);
            slow.add(s);
            stalled.add(s);
        }
        // the precondition, once the replays have stalled: no pool thread is left to answer /health
        HttpClient client = HttpClient.newHttpClient();
        Poll.until(Duration.ofSeconds(30), "every pool thread held by a stalled replay", () -> {
            try {
                client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health"))
                        .timeout(Duration.ofSeconds(1)).build(), HttpResponse.BodyHandlers.discarding());
                return false;
            } catch (java.net.http.HttpTimeoutException e) {
                return true;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        });
        for (int i = 1; i <= 3; i++) {
            RawHttp.Response answer = postOn(backend, i);
            assertEquals(202, answer.status(), answer.body());
        }
        // /health needs a pool thread: the stalled readers let theirs go first (their blocked writes fail on the
        // close). Asking while they still held them passed only when Jetty's idle timeout freed one in time.
        for (Socket s : stalled) s.close();
        assertEquals(104, herald.lastSeq());
    }

    private static RawHttp.Response postOn(Socket s, int i) throws IOException {
        byte[] body = ("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "}}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /api/v1/events HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + Herald.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        // in one write, so the request is read whole: when a body comes in a later read, Jetty reads the
        // connection's next request on a pool thread (see InlinePosts)
        byte[] request = java.util.Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        s.getOutputStream().write(request);
        return RawHttp.read(s.getInputStream());
    }

    private static RawHttp.Response answerIfAny(PushbackInputStream in) throws IOException {
        int first;
        try {
            first = in.read();
        } catch (SocketTimeoutException e) {
            return null;
        }
        if (first < 0) throw new AssertionError("closed without an answer");
        in.unread(first);
        return RawHttp.read((InputStream) in);
    }
}
