package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
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
