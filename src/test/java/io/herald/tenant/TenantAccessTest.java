package io.herald.tenant;

import static org.junit.jupiter.api.Assertions.*;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.SettableClock;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may call what: tenant tokens, how they are refused, and every route a tenant may not call. */
class TenantAccessTest {
    static final String TOKEN_SECRET = "0123456789abcdef0123456789abcdef"; // testing.Herald's auth.token-secret
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(Instant.now());
    Herald herald;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "", clock);
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    Http as(String token) {
        return new Http("http://127.0.0.1:" + herald.app().port(), token);
    }

    String minted(String body) {
        Http.Response r = herald.http().post("/api/v1/tokens", body);
        assertEquals(200, r.status(), r.body());
        return r.json().get("token").asText();
    }

    static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void every_registered_route_outside_the_tenant_list_answers_a_tenant_403() {
        Http acme = as(minted("{\"tenant\": \"acme\"}"));
        List<String> routes = herald.app().routes();
        List<String> leaks = new ArrayList<>();
        int walked = 0;
        for (String route : routes) {
            String decidedAs = route.startsWith("HEAD ") ? "GET " + route.substring(5) : route; // HEAD is GET's
            if (TenantAccess.TENANT_ROUTES.contains(decidedAs) || TenantAccess.PUBLIC_ROUTES.contains(decidedAs)) continue;
            String[] mp = route.split(" ", 2);
            String path = mp[1].replaceAll("\\{[^}]+}", "x").replace("*", "x");
            Http.Response r = acme.send(acme.builder(path).header("Content-Type", "application/json")
                    .method(mp[0], HttpRequest.BodyPublishers.ofString("{}")));
            walked++;
            if (r.status() != 403) leaks.add(route + " -> " + r.status() + " " + r.body());
        }
        assertTrue(walked >= 8, "walked " + walked + " of " + routes);
        assertEquals(List.of(), leaks, "routes a tenant token reached although the tenant list does not name them");
    }

    @Test
    void every_route_the_tenant_list_names_exists_so_a_typo_cannot_close_one() {
        List<String> routes = herald.app().routes();
        for (String r : TenantAccess.TENANT_ROUTES) {
            assertTrue(routes.contains(r), r + " is not a route: " + routes);
        }
        for (String r : TenantAccess.PUBLIC_ROUTES) assertTrue(routes.contains(r), r + " is not a route");
    }

    @Test
    void a_token_minted_by_herald_or_by_hand_with_the_secret_works_and_one_without_a_valid_tenant_is_401() {
        Http.Response minted = herald.http().post("/api/v1/tokens", "{\"tenant\": \"acme\", \"ttl\": \"2h\"}");
        assertEquals(200, minted.status());
        JsonNode m = minted.json();
        Instant end = clock.instant().plus(Duration.ofHours(2));
        assertEquals(end.getEpochSecond() + (end.getNano() > 0 ? 1 : 0),
                Instant.parse(m.get("expiresAt").asText()).getEpochSecond(), "whole seconds, rounded up: at least the ttl");
        com.auth0.jwt.interfaces.DecodedJWT jwt = JWT.require(Algorithm.HMAC256(TOKEN_SECRET)).build()
                .verify(m.get("token").asText());
        assertEquals("acme", jwt.getClaim("tenant").asString());
        assertTrue(jwt.getClaim("resources").isMissing(), "resources only when asked for");
        assertEquals(200, as(m.get("token").asText()).get("/api/v1/subscriptions").status());

        String byHand = JWT.create().withClaim("tenant", "acme").withExpiresAt(clock.instant().plusSeconds(600))
                .sign(Algorithm.HMAC256(TOKEN_SECRET.getBytes(StandardCharsets.UTF_8)));
        assertEquals(200, as(byHand).get("/api/v1/subscriptions").status(), "any backend holding the secret may mint");

        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("alg none", b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "."
                + b64("{\"exp\":4102444800,\"tenant\":\"acme\"}") + ".");
        refused.put("a foreign key", JWT.create().withClaim("tenant", "acme").withExpiresAt(clock.instant().plusSeconds(600))
                .sign(Algorithm.HMAC256("another-secret-another-secret-xx")));
        refused.put("no tenant (a stream token)", minted("{\"resources\": [\"jobs/*\"]}"));
        refused.put("a tenant that is a number", JWT.create().withClaim("tenant", 7)
                .withExpiresAt(clock.instant().plusSeconds(600)).sign(Algorithm.HMAC256(TOKEN_SECRET)));
        refused.put("a tenant that is not a name", JWT.create().withClaim("tenant", "a/b")
                .withExpiresAt(clock.instant().plusSeconds(600)).sign(Algorithm.HMAC256(TOKEN_SECRET)));
        refused.put("an empty tenant", JWT.create().withClaim("tenant", "")
                .withExpiresAt(clock.instant().plusSeconds(600)).sign(Algorithm.HMAC256(TOKEN_SECRET)));
        refused.put("no exp", JWT.create().withClaim("tenant", "acme").sign(Algorithm.HMAC256(TOKEN_SECRET)));
        refused.put("garbage", "not-a-jwt");
        for (Map.Entry<String, String> e : refused.entrySet()) {
            for (String path : List.of("/api/v1/subscriptions", "/api/v1/events", "/api/v1/tenants")) {
                Http.Response r = as(e.getValue()).get(path);
                assertEquals(401, r.status(), e.getKey() + " on " + path + ": " + r.body());
                assertEquals("unauthorized", r.json().get("error").get("code").asText());
            }
        }
    }

    @Test
    void an_expired_tenant_token_is_401() {
        Http acme = as(minted("{\"tenant\": \"acme\", \"ttl\": \"1h\"}"));
        assertEquals(200, acme.get("/api/v1/subscriptions").status());
        clock.advance(Duration.ofMinutes(61));
        Http.Response r = acme.get("/api/v1/subscriptions");
        assertEquals(401, r.status(), r.body());
    }

    @Test
    void a_token_request_may_ask_for_a_tenant_and_resources_together_and_names_a_bad_field() {
        String both = minted("{\"tenant\": \"acme\", \"resources\": [\"jobs/*\"]}");
        com.auth0.jwt.interfaces.DecodedJWT jwt = JWT.decode(both);
        assertEquals("acme", jwt.getClaim("tenant").asString());
        assertEquals(List.of("jobs/*"), jwt.getClaim("resources").asList(String.class));
        assertEquals(400, herald.http().post("/api/v1/tokens", "{}").status(), "a tenant or resources is required");
        Http.Response bad = herald.http().post("/api/v1/tokens", "{\"tenant\": \"acme\", \"resources\": []}");
        assertEquals(400, bad.status());
        assertTrue(bad.json().get("error").get("message").asText().startsWith("resources"), bad.body());
        Http.Response ttl = herald.http().post("/api/v1/tokens", "{\"tenant\": \"acme\", \"ttl\": \"31d\"}");
        assertEquals(400, ttl.status());
    }
}
