package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An API change that got its answer survives a kill -9 the next instant, secret and all. */
class SubscriptionsCrashIT {
    static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;
    final HttpClient client = HttpClient.newHttpClient();

    HttpResponse<String> send(HeraldProcess h, String method, String path, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(h.base() + path))
                .header("Authorization", "Bearer " + HeraldProcess.API_KEY).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void acknowledged_creates_rotations_and_deletes_survive_kill_9() throws Exception {
        Map<String, String> secrets = new LinkedHashMap<>();
        try (HeraldProcess herald = new HeraldProcess(dir, "").start()) {
            for (int i = 0; i < 30; i++) {
                HttpResponse<String> r = send(herald, "POST", "/api/v1/subscriptions",
                        "{\"id\": \"s" + i + "\", \"url\": \"https://hooks.example.com/" + i + "\"}");
                assertEquals(201, r.statusCode(), r.body());
                secrets.put("s" + i, JSON.readTree(r.body()).get("secret").asText());
            }
            HttpResponse<String> rotated = send(herald, "POST", "/api/v1/subscriptions/s0/secret/rotate", "{}");
            secrets.put("s0", JSON.readTree(rotated.body()).get("secret").asText());
            assertEquals(204, send(herald, "DELETE", "/api/v1/subscriptions/s1", null).statusCode());
            secrets.remove("s1");
            assertEquals(200, send(herald, "PATCH", "/api/v1/subscriptions/s2", "{\"format\": \"svix\"}").statusCode());
            herald.kill9();

            herald.start();
            JsonNode list = JSON.readTree(send(herald, "GET", "/api/v1/subscriptions", null).body()).get("subscriptions");
            assertEquals(secrets.size(), list.size());
            for (Map.Entry<String, String> e : secrets.entrySet()) {
                String secret = JSON.readTree(send(herald, "GET", "/api/v1/subscriptions/" + e.getKey() + "/secret", null)
                        .body()).get("secret").asText();
                assertEquals(e.getValue(), secret, e.getKey());
            }
            assertEquals("svix", JSON.readTree(send(herald, "GET", "/api/v1/subscriptions/s2", null).body())
                    .get("format").asText());
        }
    }
}
