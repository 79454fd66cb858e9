package io.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small JSON client for Herald's API. */
public final class Http {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiKey;

    public Http(String base, String apiKey) {
        this.base = base;
        this.apiKey = apiKey;
    }

    public record Response(int status, String body, java.net.http.HttpHeaders headers) {
        public JsonNode json() {
            try {
                return Json.MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (status " + status + "): " + body);
            }
        }
    }

    public Response get(String path) {
        return send(builder(path).GET());
    }

    public Response post(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response put(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response patch(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)));
    }

    public Response delete(String path) {
        return send(builder(path).DELETE());
    }

    public Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), r.headers());
        } catch (IOException e) {
            throw new AssertionError("request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A request builder with the api key set. */
    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        return apiKey == null ? b : b.header("Authorization", "Bearer " + apiKey);
    }

    public HttpRequest.Builder anonymous(String path) {
        return HttpRequest.newBuilder(URI.create(base + path));
    }
}
