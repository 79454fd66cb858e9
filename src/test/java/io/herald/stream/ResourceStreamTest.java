package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.SseTestClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResourceStreamTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir Path dir;
    Herald herald;
    String base;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "");
        base = "http://127.0.0.1:" + herald.app().port();
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    SseTestClient open(String resource, Map<String, String> headers) throws Exception {
        return new SseTestClient(base + "/" + resource + "/events?token=" + Herald.API_KEY, headers);
    }

    void post(String resource, String status) {
        String[] r = resource.split("/");
        herald.postEvent("{\"type\":\"render.progress\",\"data\":{\"status\":\"" + status + "\"},"
                + "\"resource\":{\"type\":\"" + r[0] + "\",\"id\":\"" + r[1] + "\"}}");
    }

    static JsonNode json(SseTestClient.Event e) throws Exception {
        return Json.MAPPER.readTree(e.data());
    }

    @Test
    void initiated_comes_first_then_exactly_this_resources_events_in_order_unnamed_with_seq_ids() throws Exception {
        post("render-jobs/a", "queued");
        post("render-jobs/b", "other");
        try (SseTestClient c = open("render-jobs/a", Map.of())) {
            assertEquals(200, c.status);
            assertEquals("text/event-stream", c.headers.get("content-type").get(0).split(";")[0]);
            assertEquals("no-store", c.headers.get("cache-control").get(0));
            assertEquals("no", c.headers.get("x-accel-buffering").get(0));
            SseTestClient.Event first = c.require(WAIT);
            assertEquals("message", first.type());
            assertEquals("2", first.lastEventId(), "the initiated event carries the journal's last seq");
            JsonNode ini = json(first);
            assertEquals("initiated", ini.get("type").asText());
            assertEquals("queued", ini.get("current").get("status").asText());
            assertTrue(ini.get("previous").isNull());
            assertEquals("event", ini.get("entity").asText());
            assertEquals(3000, c.retry());

            post("render-jobs/b", "noise");
            post("render-jobs/a", "rendering");
            post("render-jobs/a", "complete");
            SseTestClient.Event e1 = c.require(WAIT);
            SseTestClient.Event e2 = c.require(WAIT);
            assertEquals("4", e1.lastEventId());
            assertEquals("5", e2.lastEventId());
            assertEquals("message", e1.type());
            assertEquals("rendering", json(e1).get("current").get("status").asText());
            assertEquals("queued", json(e1).get("previous").get("status").asText());
            assertEquals("render.progress", json(e2).get("type").asText());
            assertNull(c.next(Duration.ofMillis(300)), "nothing of other resources");
        }
    }

    @Test
    void a_resource_never_seen_starts_with_null_state_and_id_0_on_an_empty_journal() throws Exception {
        try (SseTestClient c = open("render-jobs/new", Map.of("Accept", "*/*"))) {
            SseTestClient.Event first = c.require(WAIT);
            assertEquals("0", first.lastEventId());
            assertTrue(json(first).get("current").isNull());
        }
    }

    @Test
    void reconnecting_with_last_event_id_replays_exactly_what_was_missed_without_initiated() throws Exception {
        post("jobs/x", "s0");
        String last;
        try (SseTestClient c = open("jobs/x", Map.of())) {
            last = c.require(WAIT).lastEventId();
        }
        for (int i = 1; i <= 50; i++) {
            post("jobs/x", "s" + i);
            post("jobs/other", "o" + i);
        }
        try (SseTestClient c = open("jobs/x", Map.of("Last-Event-ID", last))) {
            long prev = Long.parseLong(last);
            for (int i = 1; i <= 50; i++) {
                SseTestClient.Event e = c.require(WAIT);
                JsonNode j = json(e);
                assertEquals("s" + i, j.get("current").get("status").asText());
                assertTrue(Long.parseLong(e.lastEventId()) > prev);
                prev = Long.parseLong(e.lastEventId());
            }
            assertNull(c.next(Duration.ofMillis(300)));
            post("jobs/x", "live");
            assertEquals("live", json(c.require(WAIT)).get("current").get("status").asText());
        }
        try (SseTestClient c = new SseTestClient(base + "/jobs/x/events?token=" + Herald.API_KEY + "&lastEventId=" + last, Map.of())) {
            assertEquals("s1", json(c.require(WAIT)).get("current").get("status").asText(), "the query parameter works too");
        }
    }

    @Test
    void a_last_event_id_beyond_the_journal_gets_a_fresh_initiated_not_silence() throws Exception {
        // as after storage.dir was reset or restored from an older copy: the browser still holds a later seq
        post("jobs/y", "s1");
        post("jobs/y", "s2");
        try (SseTestClient c = open("jobs/y", Map.of("Last-Event-ID", "9999"))) {
            SseTestClient.Event first = c.require(WAIT);
            assertEquals("initiated", json(first).get("type").asText());
            assertEquals("s2", json(first).get("current").get("status").asText());
            assertEquals(String.valueOf(herald.lastSeq()), first.lastEventId());
            post("jobs/y", "s3");
            assertEquals("s3", json(c.require(WAIT)).get("current").get("status").asText(), "then live events");
        }
        try (SseTestClient f = new SseTestClient(base + "/api/v1/stream?lastEventId=9999",
                Map.of("Authorization", "Bearer " + Herald.API_KEY))) {
            post("jobs/y", "s4");
            assertEquals("s4", json(f.require(WAIT)).get("data").get("status").asText(), "the firehose starts now");
        }
    }

    @Test
    void twenty_clients_connecting_at_random_moments_see_initiated_then_every_later_event_once() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(21);
        try {
            Future<?> poster = pool.submit(() -> {
                for (int i = 0; i < 1000; i++) post("hot/one", "n" + i);
            });
            Random random = new Random(7);
            List<Future<String>> checks = new ArrayList<>();
            for (int k = 0; k < 20; k++) {
                int delayMs = random.nextInt(800);
                checks.add(pool.submit(() -> {
                    Thread.sleep(delayMs); // a random connect moment, not synchronisation
                    try (SseTestClient c = open("hot/one", Map.of())) {
                        SseTestClient.Event ini = c.require(WAIT);
                        assertEquals("initiated", json(ini).get("type").asText());
                        long expect = Long.parseLong(ini.lastEventId()) + 1;
                        while (expect <= 1000) {
                            SseTestClient.Event e = c.require(WAIT);
                            assertEquals(expect, Long.parseLong(e.lastEventId()), "no gap, no duplicate");
                            expect++;
                        }
                        return "ok from " + ini.lastEventId();
                    }
                }));
            }
            poster.get();
            for (Future<String> f : checks) assertTrue(f.get().startsWith("ok"));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void no_bad_or_foreign_token_is_401_an_uncovering_token_is_403_and_api_routes_win() throws Exception {
        String url = base + "/render-jobs/a/events";
        try (SseTestClient none = new SseTestClient(url, Map.of())) {
            assertEquals(401, none.status);
            assertEquals("unauthorized", Json.MAPPER.readTree(none.errorBody).get("error").get("code").asText());
        }
        try (SseTestClient bad = new SseTestClient(url + "?token=nonsense", Map.of())) {
            assertEquals(401, bad.status);
        }
        String unsigned = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64("{\"exp\":4102444800,\"resources\":[\"*/*\"]}") + ".";
        try (SseTestClient c = new SseTestClient(url + "?token=" + unsigned, Map.of())) {
            assertEquals(401, c.status, "alg none is refused");
        }
        String foreign = com.auth0.jwt.JWT.create().withExpiresAt(java.time.Instant.now().plusSeconds(60))
                .withClaim("resources", List.of("*/*")).sign(com.auth0.jwt.algorithms.Algorithm.HMAC256("another-secret-another-secret-xx"));
        try (SseTestClient c = new SseTestClient(url + "?token=" + foreign, Map.of())) {
            assertEquals(401, c.status, "another key is refused");
        }
        String token = herald.http().post("/api/v1/tokens", "{\"resources\":[\"render-jobs/b\",\"files/*\"],\"ttl\":\"1h\"}")
                .json().get("token").asText();
        try (SseTestClient c = new SseTestClient(url + "?token=" + token, Map.of())) {
            assertEquals(403, c.status);
            assertEquals("forbidden", Json.MAPPER.readTree(c.errorBody).get("error").get("code").asText());
        }
        try (SseTestClient c = new SseTestClient(base + "/files/any/events", Map.of("Authorization", "Bearer " + token))) {
            assertEquals(200, c.status, "TYPE/* covers any id");
        }
        assertEquals(401, herald.http().send(herald.http().anonymous("/api/v1/events").GET()).status(), "not a stream of resource type api");
    }

    @Test
    void the_stream_ends_when_its_token_expires() throws Exception {
        String token = herald.http().post("/api/v1/tokens", "{\"resources\":[\"jobs/*\"],\"ttl\":\"1s\"}").json().get("token").asText();
        try (SseTestClient c = new SseTestClient(base + "/jobs/1/events?token=" + token, Map.of())) {
            assertEquals(200, c.status);
            c.require(WAIT);
            io.herald.testing.Poll.until(WAIT, "the stream to end", c::ended);
        }
    }

    /** A token for every resource, minted as any backend holding Herald's test token-secret would. */
    static String token(Map<String, Object> header) {
        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        return JWT.create().withHeader(header).withExpiresAt(Instant.now().plusSeconds(600))
                .withClaim("resources", List.of("*/*")).sign(Algorithm.HMAC256(key));
    }

    @Test
    void a_token_with_a_crit_header_is_refused_because_herald_understands_no_extension() throws Exception {
        String url = base + "/render-jobs/a/events?token=";
        try (SseTestClient plain = new SseTestClient(url + token(Map.of()), Map.of())) {
            assertEquals(200, plain.status, "the same token without crit is good");
        }
        for (Object crit : List.of(List.of("exp"), List.of("b64"), List.of("http://example.com/ext"), List.of(), "exp")) {
            try (SseTestClient c = new SseTestClient(url + token(Map.of("crit", crit, "b64", false)), Map.of())) {
                assertEquals(401, c.status, "crit " + crit);
            }
        }
    }

    @Test
    void head_on_a_stream_route_without_a_token_is_401_like_get() {
        Http anonymous = new Http(base, null);
        for (String path : List.of("/render-jobs/a/events", "/render-jobs/a/events?token=nonsense", "/api/v1/stream")) {
            for (String method : List.of("GET", "HEAD")) {
                Http.Response r = anonymous.send(anonymous.anonymous(path).method(method, HttpRequest.BodyPublishers.noBody()));
                assertEquals(401, r.status(), method + " " + path);
            }
        }
        String token = herald.http().post("/api/v1/tokens", "{\"resources\":[\"render-jobs/b\"]}").json().get("token").asText();
        for (String method : List.of("GET", "HEAD")) {
            Http.Response r = anonymous.send(anonymous.anonymous("/render-jobs/a/events?token=" + token)
                    .method(method, HttpRequest.BodyPublishers.noBody()));
            assertEquals(403, r.status(), method + " with a token that does not cover the resource");
        }
        Http.Response head = anonymous.send(anonymous.anonymous("/render-jobs/b/events?token=" + token)
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, head.status(), "HEAD with a good token answers as GET would, without a stream");
        assertEquals("text/event-stream", head.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        Http.Response keyed = herald.http().send(herald.http().builder("/api/v1/stream")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertEquals(200, keyed.status());
        assertEquals(0, herald.http().get("/health").json().get("streamClients").asInt(), "HEAD opens no stream");
    }

    @Test
    void other_methods_on_a_stream_route_are_405_and_paths_under_api_and_portal_stay_the_apis() throws Exception {
        Http anonymous = new Http(base, null);
        for (String path : List.of("/render-jobs/a/events", "/api/v1/stream")) {
            Http.Response r = anonymous.send(anonymous.anonymous(path).method("POST", HttpRequest.BodyPublishers.ofString("{}")));
            assertEquals(405, r.status(), "POST " + path);
            assertEquals("method_not_allowed", r.json().get("error").get("code").asText());
        }
        for (String path : List.of("/api/x/events", "/portal/x/events")) {
            Http.Response r = herald.http().get(path + "?token=" + Herald.API_KEY);
            assertEquals(404, r.status(), path + " is no resource stream: " + r.body());
            assertEquals("not_found", r.json().get("error").get("code").asText());
        }
        try (SseTestClient c = new SseTestClient(base + "/render-jobs/a/events/?token=" + Herald.API_KEY, Map.of())) {
            assertEquals(200, c.status, "a trailing slash is the same route, as for Javalin's");
            assertTrue(c.require(WAIT).data().contains("\"initiated\""));
        }
    }

    static String b64(String s) {
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes());
    }
}
