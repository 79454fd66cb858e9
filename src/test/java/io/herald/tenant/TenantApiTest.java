package io.herald.tenant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.SseTestClient;
import io.herald.testing.TestReceiver;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT 8 under a tenant token: every route a tenant may call, with its own id, another tenant's, the
 * operator's and a missing one. A foreign id answers exactly what a missing one does.
 */
class TenantApiTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SUBS = "/api/v1/subscriptions";
    static final String MISSING_SUB = "sub_missing0000000";
    static final String MISSING_DELIVERY = "dlv_999999_sub_missing0000000";
    static final String MISSING_EVENT = "evt_missing";
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;
    Http acme;
    Http globex;
    String globexSub;
    String acmeDelivery;
    String acmeEvent;
    List<String> foreignSubs;
    List<String> foreignDeliveries;
    List<String> foreignEvents;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        herald = Herald.start(dir, "tenants:\n  max-subscriptions: 100\nsubscriptions:\n"
                + Herald.subscription("op-file", receiver.url("/op-file"), "")
                + Herald.subscription("acme-file", receiver.url("/acme-file"), "tenant: acme"));
        acme = tenant("acme");
        globex = tenant("globex");
        String acmeSub = own(acme, "/acme");
        globexSub = own(globex, "/globex");
        Http.Response op = herald.http().post(SUBS, "{\"id\": \"op-api\", \"url\": \"" + receiver.url("/op-api") + "\"}");
        assertEquals(201, op.status(), op.body());

        acmeEvent = herald.postEvent("{\"type\":\"job.done\",\"tenant\":\"acme\",\"data\":{}}").get("id").asText();
        long acmeSeq = herald.lastSeq();
        String globexEvent = herald.postEvent("{\"type\":\"job.done\",\"tenant\":\"globex\",\"data\":{}}").get("id").asText();
        long globexSeq = herald.lastSeq();
        String opEvent = herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("id").asText();
        long opSeq = herald.lastSeq();
        acmeDelivery = "dlv_" + acmeSeq + "_" + acmeSub;
        foreignSubs = List.of(globexSub, "op-api", "op-file", "acme-file");
        foreignDeliveries = List.of("dlv_" + globexSeq + "_" + globexSub, "dlv_" + opSeq + "_op-api",
                "dlv_" + acmeSeq + "_op-api", "dlv_" + acmeSeq + "_acme-file");
        foreignEvents = List.of(globexEvent, opEvent);
        for (String d : List.of(acmeDelivery, foreignDeliveries.get(0), foreignDeliveries.get(1))) {
            Poll.until(WAIT, d + " to succeed", () -> herald.http().get("/api/v1/deliveries/" + d).json()
                    .path("status").asText().equals("succeeded"));
        }
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    Http tenant(String name) {
        Http.Response r = herald.http().post("/api/v1/tokens", "{\"tenant\": \"" + name + "\", \"ttl\": \"1h\"}");
        assertEquals(200, r.status(), r.body());
        return new Http("http://127.0.0.1:" + herald.app().port(), r.json().get("token").asText());
    }

    String own(Http tenant, String path) {
        Http.Response r = tenant.post(SUBS, "{\"url\": \"" + receiver.url(path) + "\", \"events\": [\"job.*\"]}");
        assertEquals(201, r.status(), r.body());
        return r.json().get("id").asText();
    }

    static Http.Response send(Http http, String method, String path, String body) {
        HttpRequest.BodyPublisher p = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(http.builder(path).header("Content-Type", "application/json").method(method, p));
    }

    /** 404 not_found, and the very body a missing id gets (but for the id itself). */
    static void assertLikeMissing(Http.Response foreign, String foreignId, Http.Response missing, String missingId,
                                  String what) {
        assertEquals(404, missing.status(), what + " missing: " + missing.body());
        assertEquals(404, foreign.status(), what + " foreign: " + foreign.body());
        assertEquals(missing.body().replace(missingId, "ID"), foreign.body().replace(foreignId, "ID"), what);
        assertEquals("not_found", foreign.json().get("error").get("code").asText());
    }

    record Route(String method, String path, String body, int ownStatus) {}

    @Test
    void every_subscription_route_answers_its_own_and_a_foreign_id_exactly_like_a_missing_one() {
        String since = "{\"since\": \"2000-01-01T00:00:00Z\"}";
        List<Route> routes = List.of(
                new Route("GET", SUBS + "/{id}", null, 200),
                new Route("PUT", SUBS + "/{id}", "{\"url\": \"" + receiver.url("/put") + "\"}", 200),
                new Route("PATCH", SUBS + "/{id}", "{\"headers\": {\"X-A\": \"1\"}}", 200),
                new Route("GET", SUBS + "/{id}/secret", null, 200),
                new Route("POST", SUBS + "/{id}/secret/rotate", "{\"grace\": \"1h\"}", 200),
                new Route("POST", SUBS + "/{id}/test", null, 202),
                new Route("GET", SUBS + "/{id}/deliveries", null, 200),
                new Route("POST", SUBS + "/{id}/replay", since, 202),
                new Route("POST", SUBS + "/{id}/disable", null, 200),
                new Route("POST", SUBS + "/{id}/enable", null, 200),
                new Route("DELETE", SUBS + "/{id}", null, 204));
        for (Route r : routes) {
            String mine = own(acme, "/acme-" + r.method().toLowerCase());
            Function<String, Http.Response> call = id -> send(acme, r.method(), r.path().replace("{id}", id), r.body());
            Http.Response ok = call.apply(mine);
            assertEquals(r.ownStatus(), ok.status(), r + " own: " + ok.body());
            Http.Response missing = call.apply(MISSING_SUB);
            for (String foreign : foreignSubs) {
                assertLikeMissing(call.apply(foreign), foreign, missing, MISSING_SUB, r + " on " + foreign);
            }
        }
        // nothing foreign changed on the way
        assertTrue(herald.http().get(SUBS + "/" + globexSub).json().get("enabled").asBoolean());
        assertEquals(200, herald.http().get(SUBS + "/op-api").status());
        assertTrue(herald.http().get(SUBS + "/op-api").json().get("headers").isEmpty());
    }

    @Test
    void a_foreign_id_with_a_bad_body_is_still_a_404_never_a_400_that_would_tell_it_exists() {
        for (String foreign : foreignSubs) {
            for (String method : List.of("PUT", "PATCH")) {
                Http.Response r = send(acme, method, SUBS + "/" + foreign, "{\"url\": 5}");
                assertEquals(404, r.status(), method + " " + foreign + ": " + r.body());
            }
            assertEquals(404, send(acme, "POST", SUBS + "/" + foreign + "/replay", "{}").status());
            assertEquals(404, send(acme, "GET", SUBS + "/" + foreign + "/deliveries?status=nonsense", null).status());
        }
    }

    @Test
    void deliveries_and_events_answer_their_own_and_a_foreign_id_exactly_like_a_missing_one() {
        assertEquals(200, acme.get("/api/v1/deliveries/" + acmeDelivery).status());
        assertEquals(202, send(acme, "POST", "/api/v1/deliveries/" + acmeDelivery + "/retry", null).status());
        Http.Response missingGet = acme.get("/api/v1/deliveries/" + MISSING_DELIVERY);
        Http.Response missingRetry = send(acme, "POST", "/api/v1/deliveries/" + MISSING_DELIVERY + "/retry", null);
        for (String d : foreignDeliveries) {
            assertLikeMissing(acme.get("/api/v1/deliveries/" + d), d, missingGet, MISSING_DELIVERY, "GET " + d);
            assertLikeMissing(send(acme, "POST", "/api/v1/deliveries/" + d + "/retry", null), d, missingRetry,
                    MISSING_DELIVERY, "retry " + d);
        }

        JsonNode mine = acme.get("/api/v1/events/" + acmeEvent).json();
        assertEquals("acme", mine.get("tenant").asText());
        Http.Response missing = acme.get("/api/v1/events/" + MISSING_EVENT);
        for (String e : foreignEvents) {
            assertLikeMissing(acme.get("/api/v1/events/" + e), e, missing, MISSING_EVENT, "event " + e);
        }
        JsonNode events = acme.get("/api/v1/events").json().get("events");
        assertEquals(1, events.size(), events.toString());
        assertEquals(acmeEvent, events.get(0).get("id").asText());
        assertEquals(events, acme.get("/api/v1/events?tenant=acme").json().get("events"));
        JsonNode other = acme.get("/api/v1/events?tenant=globex").json();
        assertEquals(acme.get("/api/v1/events?tenant=nobody").json(), other, "another tenant looks like no tenant");
        assertEquals(0, other.get("events").size());
    }

    @Test
    void a_tenant_lists_and_creates_only_its_own_and_cannot_create_for_another() {
        JsonNode list = acme.get(SUBS).json().get("subscriptions");
        assertEquals(1, list.size(), "its API subscriptions only: not the file's, not globex's, not the operator's");
        assertEquals("acme", list.get(0).get("tenant").asText());
        assertEquals("api", list.get(0).get("source").asText());

        Http.Response forOther = acme.post(SUBS, "{\"url\": \"https://x.example.com\", \"tenant\": \"globex\"}");
        assertEquals(403, forOther.status(), forOther.body());
        assertEquals("forbidden", forOther.json().get("error").get("code").asText());
        Http.Response named = acme.post(SUBS, "{\"url\": \"https://x.example.com\", \"tenant\": \"acme\"}");
        assertEquals(201, named.status(), named.body());
        assertTrue(named.json().get("secret").asText().startsWith("whsec_"), "a create shows its own secret");
        Http.Response withId = acme.post(SUBS, "{\"id\": \"mine\", \"url\": \"https://x.example.com\"}");
        assertEquals(400, withId.status(), "a chosen id could collide with another tenant's and tell it exists");
        assertTrue(withId.json().get("error").get("message").asText().startsWith("id: "));

        String id = named.json().get("id").asText();
        assertEquals(403, acme.put(SUBS + "/" + id, "{\"url\": \"https://x.example.com\", \"tenant\": \"globex\"}").status());
        assertEquals(403, acme.patch(SUBS + "/" + id, "{\"tenant\": \"globex\"}").status());
        Http.Response cleared = acme.patch(SUBS + "/" + id, "{\"tenant\": null}");
        assertEquals("acme", cleared.json().get("tenant").asText(), "a tenant's subscription stays its own");
        assertEquals("acme", herald.http().get(SUBS + "/" + id).json().get("tenant").asText());
    }

    @Test
    void a_tenant_may_not_point_a_subscription_at_a_private_address() {
        for (String url : List.of("http://10.0.0.1/hook", "http://169.254.169.254/latest", "http://[::1]:8080/")) {
            Http.Response r = acme.post(SUBS, "{\"url\": \"" + url + "\"}");
            assertEquals(400, r.status(), url + ": " + r.body());
            assertTrue(r.json().get("error").get("message").asText().startsWith("url: "), r.body());
        }
    }

    @Test
    void everything_outside_the_tenant_routes_is_403_for_a_tenant() {
        List<Http.Response> refused = new ArrayList<>(List.of(
                acme.post("/api/v1/events", "{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}"),
                acme.post("/api/v1/events/batch", "{\"events\":[{\"type\":\"a\",\"data\":{}}]}"),
                acme.post("/api/v1/tokens", "{\"tenant\": \"acme\"}"),
                acme.post("/api/v1/tokens", "{\"resources\": [\"*/*\"]}"),
                acme.get("/api/v1/tenants"),
                acme.delete("/api/v1/tenants/acme"),
                acme.post("/api/v1/tenants/acme/portal-link", "{}"),
                acme.get("/api/v1/resources/jobs/1"),
                acme.get("/metrics")));
        for (Http.Response r : refused) {
            assertEquals(403, r.status(), r.body());
            assertEquals("forbidden", r.json().get("error").get("code").asText());
        }
        assertEquals(1, acme.get(SUBS).json().get("subscriptions").size(), "nothing was made on the way");
    }

    @Test
    void a_tenants_firehose_carries_its_own_events_only() throws Exception {
        String token = herald.http().post("/api/v1/tokens", "{\"tenant\": \"acme\"}").json().get("token").asText();
        String base = "http://127.0.0.1:" + herald.app().port();
        try (SseTestClient mine = new SseTestClient(base + "/api/v1/stream", Map.of("Authorization", "Bearer " + token));
             SseTestClient replay = new SseTestClient(base + "/api/v1/stream?lastEventId=0",
                     Map.of("Authorization", "Bearer " + token))) {
            assertEquals(200, mine.status);
            herald.postEvent("{\"type\":\"live\",\"tenant\":\"globex\",\"data\":{\"n\":1}}");
            herald.postEvent("{\"type\":\"live\",\"data\":{\"n\":2}}");
            herald.postEvent("{\"type\":\"live\",\"tenant\":\"acme\",\"data\":{\"n\":3}}");
            JsonNode first = Json.MAPPER.readTree(mine.require(WAIT).data());
            assertEquals(3, first.get("data").get("n").asInt(), "globex's and the operator's events are not in it");
            assertEquals("acme", first.get("tenant").asText());

            List<String> replayed = new ArrayList<>();
            for (int i = 0; i < 2; i++) replayed.add(Json.MAPPER.readTree(replay.require(WAIT).data()).get("id").asText());
            assertEquals(acmeEvent, replayed.get(0), "Last-Event-ID replays the tenant's events only");
            assertNull(replay.next(Duration.ofMillis(300)));
        }
    }
}
