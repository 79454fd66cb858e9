package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants on the built jar: subscriptions created for tenants while Herald is killed (-9) in the middle are all
 * there after the restart if they were acknowledged, routing still keeps tenants apart, and no token reached the
 * log.
 */
class TenantsCrashIT {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int WRITERS = 8;
    @TempDir Path dir;
    final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    HttpResponse<String> send(HeraldProcess h, String bearer, String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(h.base() + path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> operator(HeraldProcess h, String method, String path, String body) throws Exception {
        return send(h, HeraldProcess.API_KEY, method, path, body);
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.MAPPER.readTree(r.body());
    }

    @Test
    void acknowledged_tenant_subscriptions_survive_kill_9_mid_write_and_tenants_stay_apart() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             HeraldProcess herald = new HeraldProcess(dir, "tenants:\n  max-subscriptions: 1000\n").start()) {
            List<String> tokens = new ArrayList<>();
            String acmeToken = json(operator(herald, "POST", "/api/v1/tokens", "{\"tenant\": \"acme\"}")).get("token").asText();
            tokens.add(acmeToken);
            HttpResponse<String> own = send(herald, acmeToken, "POST", "/api/v1/subscriptions",
                    "{\"url\": \"" + receiver.url("/acme") + "\"}");
            assertEquals(201, own.statusCode(), own.body());
            String acmeSub = json(own).get("id").asText();
            String acmeSecret = json(own).get("secret").asText();
            assertEquals(201, operator(herald, "POST", "/api/v1/subscriptions", "{\"id\": \"globex\", \"url\": \""
                    + receiver.url("/globex") + "\", \"tenant\": \"globex\"}").statusCode());
            String link = json(operator(herald, "POST", "/api/v1/tenants/acme/portal-link", "{}")).get("url").asText();
            tokens.add(link.substring(link.indexOf("#token=") + 7));

            // creates race a kill -9: each writer records what got its 201
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger attempts = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
            try {
                for (int w = 0; w < WRITERS; w++) {
                    int writer = w;
                    pool.submit(() -> {
                        for (int i = 0; !stop.get(); i++) {
                            String id = "w" + writer + "-" + i;
                            attempts.incrementAndGet();
                            try {
                                HttpResponse<String> r = operator(herald, "POST", "/api/v1/subscriptions", "{\"id\": \""
                                        + id + "\", \"url\": \"https://hooks.example.com/" + id + "\", \"tenant\": \"t" + i % 50 + "\"}");
                                if (r.statusCode() == 201) acknowledged.add(id);
                            } catch (Exception e) {
                                return; // Herald is gone
                            }
                        }
                    });
                }
                Poll.until(WAIT, "a few hundred creates", () -> acknowledged.size() >= 300);
                herald.kill9();
                stop.set(true);
            } finally {
                pool.shutdown();
                pool.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            }

            herald.start();
            JsonNode list = json(operator(herald, "GET", "/api/v1/subscriptions?limit=1000", null)).get("subscriptions");
            Set<String> present = ConcurrentHashMap.newKeySet();
            list.forEach(s -> present.add(s.get("id").asText()));
            for (String id : acknowledged) assertTrue(present.contains(id), id + " was acknowledged, then lost");
            assertTrue(present.size() - 2 - acknowledged.size() <= WRITERS,
                    "only creates in flight at the kill may appear unacknowledged: " + present.size() + " vs " + acknowledged.size());
            assertEquals(acmeSecret, json(send(herald, acmeToken, "GET", "/api/v1/subscriptions/" + acmeSub + "/secret", null))
                    .get("secret").asText(), "the tenant's token still works and its secret is intact");

            String acme = json(operator(herald, "POST", "/api/v1/events",
                    "{\"type\": \"job.done\", \"tenant\": \"acme\", \"data\": {}}")).get("id").asText();
            String globex = json(operator(herald, "POST", "/api/v1/events",
                    "{\"type\": \"job.done\", \"tenant\": \"globex\", \"data\": {}}")).get("id").asText();
            Poll.until(WAIT, "both deliveries", () -> !receiver.requestsTo("/acme").isEmpty()
                    && !receiver.requestsTo("/globex").isEmpty());
            // at least once: a retry may repeat an event, but never bring the other tenant's
            receiver.requestsTo("/acme").forEach(r -> assertEquals(acme, r.header("webhook-id")));
            receiver.requestsTo("/globex").forEach(r -> assertEquals(globex, r.header("webhook-id")));
            assertEquals(404, send(herald, acmeToken, "GET", "/api/v1/subscriptions/globex", null).statusCode());
            herald.sigterm(Duration.ofSeconds(30));

            String log = Files.readString(herald.log);
            for (String t : tokens) assertFalse(log.contains(t), "a token reached the log");
            assertFalse(log.contains(acmeSecret), "a secret reached the log");
        }
    }
}
