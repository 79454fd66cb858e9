package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.SseTestClient;
import io.herald.testing.TestReceiver;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamBehaviourTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    @TempDir Path dir;

    static String url(Herald h, String path) {
        return "http://127.0.0.1:" + h.app().port() + path;
    }

    @Test
    void an_idle_stream_gets_a_keepalive_comment_within_the_configured_interval() throws Exception {
        try (Herald h = Herald.start(dir, "server:\n  port: 0\n  max-body: 64KB\n  keepalive: 300ms\n");
             SseTestClient c = new SseTestClient(url(h, "/jobs/1/events?token=" + Herald.API_KEY), Map.of())) {
            c.require(WAIT);
            Poll.until(Duration.ofSeconds(5), "two keepalive comments", () -> c.comments() >= 2);
        }
    }

    @Test
    void a_client_that_stops_reading_is_dropped_while_a_reader_and_webhooks_keep_everything() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             Herald h = Herald.start(dir, "subscriptions:\n" + Herald.subscription("hook", receiver.url("/h"), ""));
             SseTestClient reader = new SseTestClient(url(h, "/jobs/hot/events?token=" + Herald.API_KEY), Map.of());
             Socket stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.connect(new InetSocketAddress("127.0.0.1", h.app().port()));
            OutputStream out = stalled.getOutputStream();
            out.write(("GET /jobs/hot/events?token=" + Herald.API_KEY + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Poll.until(WAIT, "both streams open", () -> h.http().get("/health").json().get("streamClients").asInt() == 2);
            reader.require(WAIT);
            String blob = "x".repeat(16 * 1024);
            int n = 2000;
            for (int i = 0; i < n; i++) {
                h.postEvent("{\"type\":\"big.one\",\"data\":{\"i\":" + i + ",\"blob\":\"" + blob + "\"},"
                        + "\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}");
            }
            for (int i = 0; i < n; i++) {
                JsonNode e = Json.MAPPER.readTree(reader.require(WAIT).data());
                assertEquals(i, e.get("current").get("i").asInt(), "the reader misses nothing");
            }
            Poll.until(WAIT, "the stalled client to be dropped",
                    () -> h.http().get("/health").json().get("streamClients").asInt() == 1);
            // and its connection with it, though a write to it was stuck: its descriptor is not left to an idle timeout
            stalled.setSoTimeout((int) WAIT.toMillis());
            assertTrue(drainsToEnd(stalled.getInputStream()), "the stalled client's connection is closed");
            Poll.until(WAIT, "every webhook", () -> receiver.requests().size() == n);
        }
    }

    /** Reads until the peer's end of stream (true) or a reset (true); a read timeout fails the caller's test. */
    private static boolean drainsToEnd(InputStream in) throws IOException {
        byte[] buf = new byte[64 * 1024];
        try {
            while (in.read(buf) >= 0) {
                // what Herald had sent before it dropped the client
            }
            return true;
        } catch (SocketException reset) {
            return true;
        }
    }

    @Test
    void cors_headers_go_to_an_allowed_origin_only_including_the_preflight() throws Exception {
        try (Herald h = Herald.start(dir, "server:\n  port: 0\n  max-body: 64KB\n  cors-origins: [\"https://app.example.com\"]\n")) {
            Http http = h.http();
            Http.Response allowed = http.send(http.builder("/api/v1/events?limit=1").header("Origin", "https://app.example.com").GET());
            assertEquals("https://app.example.com", allowed.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            Http.Response posted = http.send(http.builder("/api/v1/events").header("Origin", "https://app.example.com")
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
            assertEquals(202, posted.status(), posted.body());
            assertEquals("https://app.example.com", posted.headers().firstValue("Access-Control-Allow-Origin").orElse(null),
                    "event posts are served on Jetty itself, with the same CORS headers");
            Http.Response other = http.send(http.builder("/api/v1/events?limit=1").header("Origin", "https://evil.example").GET());
            assertTrue(other.headers().firstValue("Access-Control-Allow-Origin").isEmpty());
            Http.Response preflight = http.send(http.anonymous("/jobs/1/events").header("Origin", "https://app.example.com")
                    .header("Access-Control-Request-Method", "GET")
                    .header("Access-Control-Request-Headers", "authorization,last-event-id")
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody()));
            assertTrue(preflight.status() < 300, "preflight " + preflight.status());
            assertEquals("https://app.example.com", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            String allowHeaders = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase();
            assertTrue(allowHeaders.contains("authorization") && allowHeaders.contains("last-event-id"), allowHeaders);
            try (SseTestClient c = new SseTestClient(url(h, "/jobs/1/events?token=" + Herald.API_KEY),
                    Map.of("Origin", "https://app.example.com"))) {
                assertEquals("https://app.example.com", c.headers.get("access-control-allow-origin").get(0));
            }
        }
    }

    @Test
    void the_firehose_sends_stored_events_filtered_by_type_and_replays_after_last_event_id() throws Exception {
        try (Herald h = Herald.start(dir, "")) {
            h.postEvent("{\"type\":\"render.one\",\"data\":{}}");
            try (SseTestClient c = new SseTestClient(url(h, "/api/v1/stream?types=render.*,file.*"),
                    Map.of("Authorization", "Bearer " + Herald.API_KEY))) {
                h.postEvent("{\"type\":\"other.thing\",\"data\":{}}");
                h.postEvent("{\"type\":\"file.ready\",\"data\":{\"n\":1}}");
                SseTestClient.Event e = c.require(WAIT);
                assertEquals("3", e.lastEventId());
                JsonNode stored = Json.MAPPER.readTree(e.data());
                assertEquals("file.ready", stored.get("type").asText());
                assertEquals(3, stored.get("seq").asInt());
                assertNull(c.next(Duration.ofMillis(200)));
            }
            try (SseTestClient c = new SseTestClient(url(h, "/api/v1/stream?types=render.*"),
                    Map.of("Authorization", "Bearer " + Herald.API_KEY, "Last-Event-ID", "0"))) {
                assertEquals("1", c.require(WAIT).lastEventId());
            }
            try (SseTestClient c = new SseTestClient(url(h, "/api/v1/stream"), Map.of())) {
                assertEquals(401, c.status);
            }
        }
    }

    @Test
    void a_last_event_id_older_than_retention_gets_a_fresh_initiated_event() throws Exception {
        io.herald.testing.SettableClock clock = new io.herald.testing.SettableClock(java.time.Instant.parse("2026-11-20T23:00:00Z"));
        try (Herald h = Herald.start(dir, "storage:\n  dir: " + dir.resolve("data") + "\n  retention: 1h\n", clock)) {
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":1},\"resource\":{\"type\":\"jobs\",\"id\":\"7\"}}");
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":2},\"resource\":{\"type\":\"jobs\",\"id\":\"7\"}}");
            clock.advance(Duration.ofHours(3));
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":3},\"resource\":{\"type\":\"jobs\",\"id\":\"7\"}}");
            // retention keeps a cycle until the dispatcher's checkpoint has passed it, which trails the post a
            // little: run maintenance until the old cycle is gone, or the stream would rightly replay from seq 1
            io.herald.testing.Poll.until(WAIT, "retention to delete seq 1 and 2", () -> {
                try {
                    h.app().maintainNow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return h.http().get("/api/v1/events?limit=1").json().get("events").get(0).get("seq").asInt() == 3;
            });
            try (SseTestClient c = new SseTestClient(url(h, "/jobs/7/events?token=" + Herald.API_KEY), Map.of("Last-Event-ID", "1"))) {
                SseTestClient.Event e = c.require(WAIT);
                JsonNode j = Json.MAPPER.readTree(e.data());
                assertEquals("initiated", j.get("type").asText());
                assertEquals(3, j.get("current").get("v").asInt());
                assertEquals("3", e.lastEventId());
            }
        }
    }

    @Test
    void a_resource_whose_events_retention_deleted_leaves_no_index_behind() throws Exception {
        io.herald.testing.SettableClock clock = new io.herald.testing.SettableClock(java.time.Instant.parse("2026-11-20T23:00:00Z"));
        try (Herald h = Herald.start(dir, "storage:\n  dir: " + dir.resolve("data") + "\n  retention: 1h\n", clock)) {
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":1},\"resource\":{\"type\":\"jobs\",\"id\":\"gone\"}}");
            clock.advance(Duration.ofHours(3));
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":2},\"resource\":{\"type\":\"jobs\",\"id\":\"kept\"}}");
            StreamHub hub = h.app().streams().hub();
            io.herald.testing.Poll.until(WAIT, "retention to delete seq 1 and its resource's index", () -> {
                try {
                    h.app().maintainNow();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                return hub.indexedResources() == 1;
            });
            try (SseTestClient c = new SseTestClient(url(h, "/jobs/kept/events?token=" + Herald.API_KEY), Map.of("Last-Event-ID", "1"))) {
                SseTestClient.Event e = c.require(WAIT);
                assertEquals("2", e.lastEventId()); // the kept resource's index still answers its replay
            }
        }
    }

    @Test
    void a_last_event_id_older_than_the_index_keeps_replays_every_later_event_of_the_resource() throws Exception {
        int perResource = (3 * StreamHub.INDEXED / 100 + 1) * 100; // past what the index keeps for one resource
        try (Herald h = Herald.start(dir, "")) {
            List<Long> seqsOfA = new ArrayList<>();
            for (int from = 0; from < perResource; from += 100) {
                StringBuilder batch = new StringBuilder("{\"events\":[");
                for (int i = from; i < from + 100; i++) {
                    // interleaved with another resource, so that the index holds no runs
                    batch.append(i == from ? "" : ",").append("{\"type\":\"a.b\",\"data\":{\"n\":").append(i)
                            .append("},\"resource\":{\"type\":\"jobs\",\"id\":\"a\"}},{\"type\":\"a.b\",\"data\":{\"n\":")
                            .append(i).append("},\"resource\":{\"type\":\"jobs\",\"id\":\"b\"}}");
                }
                JsonNode answer = h.http().post("/api/v1/events/batch", batch.append("]}").toString()).json();
                for (int k = 0; k < answer.get("events").size(); k += 2) seqsOfA.add(answer.get("events").get(k).get("seq").asLong());
            }
            long lastEventId = seqsOfA.get(4);
            try (SseTestClient c = new SseTestClient(url(h, "/jobs/a/events?token=" + Herald.API_KEY),
                    Map.of("Last-Event-ID", Long.toString(lastEventId)))) {
                for (int k = 5; k < perResource; k++) {
                    SseTestClient.Event e = c.require(WAIT);
                    assertEquals(Long.toString(seqsOfA.get(k)), e.lastEventId(), "replayed event " + k);
                    assertEquals(k, Json.MAPPER.readTree(e.data()).get("current").get("n").asInt());
                }
                h.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":-1},\"resource\":{\"type\":\"jobs\",\"id\":\"a\"}}");
                assertEquals(-1, Json.MAPPER.readTree(c.require(WAIT).data()).get("current").get("n").asInt(), "then the live one, no duplicate");
            }
        }
    }

    @Test
    void a_thousand_concurrent_streams_each_get_their_resources_event() throws Exception {
        try (Herald h = Herald.start(dir, "")) {
            List<SseTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 1000; i++) {
                    clients.add(new SseTestClient(url(h, "/jobs/r" + (i % 100) + "/events?token=" + Herald.API_KEY), Map.of()));
                }
                for (SseTestClient c : clients) {
                    assertEquals(200, c.status);
                    c.require(WAIT);
                }
                for (int r = 0; r < 100; r++) {
                    h.postEvent("{\"type\":\"a.b\",\"data\":{\"r\":" + r + "},\"resource\":{\"type\":\"jobs\",\"id\":\"r" + r + "\"}}");
                }
                for (int i = 0; i < clients.size(); i++) {
                    JsonNode j = Json.MAPPER.readTree(clients.get(i).require(WAIT).data());
                    assertEquals(i % 100, j.get("current").get("r").asInt());
                }
                assertEquals(1000, h.http().get("/health").json().get("streamClients").asInt());
            } finally {
                clients.forEach(SseTestClient::close);
            }
        }
    }
}
