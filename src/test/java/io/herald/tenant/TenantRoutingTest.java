package io.herald.tenant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT 8: a tenant's event reaches that tenant's subscriptions and the operator's, nobody else's. */
class TenantRoutingTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("operator", receiver.url("/operator"), "")
                + Herald.subscription("acme-file", receiver.url("/acme-file"), "tenant: acme"));
        created("acme", "/acme");
        created("globex", "/globex");
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    Http http() {
        return herald.http();
    }

    String created(String tenant, String path) {
        Http.Response r = http().post("/api/v1/subscriptions",
                "{\"url\": \"%s\", \"tenant\": \"%s\"}".formatted(receiver.url(path), tenant));
        assertEquals(201, r.status(), r.body());
        assertEquals(tenant, r.json().get("tenant").asText());
        return r.json().get("id").asText();
    }

    /** Posts a marker event after the ones under test: once every receiver has it, the others had their chance. */
    void settle() {
        String marker = herald.postEvent("{\"type\":\"marker\",\"data\":{}}").get("id").asText();
        Poll.until(WAIT, "the operator's receiver to get the marker", () -> receiver.requestsTo("/operator").stream()
                .anyMatch(r -> r.header("webhook-id").equals(marker)));
        for (String t : List.of("acme", "globex")) {
            String m = herald.postEvent("{\"type\":\"marker\",\"tenant\":\"" + t + "\",\"data\":{}}").get("id").asText();
            Poll.until(WAIT, t + "'s marker", () -> receiver.requestsTo("/" + t).stream()
                    .anyMatch(r -> r.header("webhook-id").equals(m)));
        }
    }

    /**
     * 1 when the event reached the path, else 0: a delivery is at least once, so an attempt that timed out on a
     * busy machine may have reached it twice.
     */
    long count(String path, String eventId) {
        return receiver.requestsTo(path).stream().anyMatch(r -> r.header("webhook-id").equals(eventId)) ? 1 : 0;
    }

    @Test
    void a_tenants_event_reaches_its_tenant_and_the_operator_and_an_event_of_no_tenant_only_the_operator() {
        String acme = herald.postEvent("{\"type\":\"render.completed\",\"tenant\":\"acme\",\"data\":{\"n\":1}}").get("id").asText();
        String globex = herald.postEvent("{\"type\":\"render.completed\",\"tenant\":\"globex\",\"data\":{\"n\":2}}").get("id").asText();
        String none = herald.postEvent("{\"type\":\"render.completed\",\"data\":{\"n\":3}}").get("id").asText();
        settle();

        assertEquals(List.of(1L, 1L, 1L, 0L), List.of(count("/operator", acme), count("/acme", acme),
                count("/acme-file", acme), count("/globex", acme)), "acme's event: operator, acme (API and file), not globex");
        assertEquals(List.of(1L, 0L, 0L, 1L), List.of(count("/operator", globex), count("/acme", globex),
                count("/acme-file", globex), count("/globex", globex)));
        assertEquals(List.of(1L, 0L, 0L, 0L), List.of(count("/operator", none), count("/acme", none),
                count("/acme-file", none), count("/globex", none)), "an event of no tenant: the operator's only");
    }

    @Test
    void a_batch_routes_each_event_by_its_own_tenant_and_a_bad_tenant_rejects_it_whole() {
        Http.Response bad = http().post("/api/v1/events/batch", """
                {"events": [{"type": "a", "tenant": "acme", "data": {}}, {"type": "a", "tenant": "no/slash", "data": {}},
                            {"type": "a", "tenant": 7, "data": {}}]}""");
        assertEquals(400, bad.status(), bad.body());
        JsonNode details = bad.json().get("error").get("details");
        assertEquals(2, details.size());
        assertEquals(1, details.get(0).get("index").asInt());
        assertTrue(details.get(0).get("message").asText().startsWith("tenant must be"), bad.body());
        assertEquals(0, herald.lastSeq(), "nothing of a bad batch is journaled");

        JsonNode ok = http().post("/api/v1/events/batch", """
                {"events": [{"type": "a", "tenant": "acme", "data": {}}, {"type": "a", "tenant": "globex", "data": {}}]}""")
                .json().get("events");
        settle();
        String acme = ok.get(0).get("id").asText();
        String globex = ok.get(1).get("id").asText();
        assertEquals(List.of(1L, 0L), List.of(count("/acme", acme), count("/globex", acme)));
        assertEquals(List.of(0L, 1L), List.of(count("/acme", globex), count("/globex", globex)));
    }

    @Test
    void a_bad_tenant_in_an_event_or_a_subscription_is_a_400_naming_the_field() {
        for (String t : List.of("\"\"", "\"a b\"", "\"" + "x".repeat(129) + "\"", "12", "{}")) {
            Http.Response r = http().post("/api/v1/events", "{\"type\":\"a\",\"tenant\":" + t + ",\"data\":{}}");
            assertEquals(400, r.status(), t);
            assertEquals("tenant must be 1..128 chars of [A-Za-z0-9_.:-]", r.json().get("error").get("message").asText());
        }
        Http.Response sub = http().post("/api/v1/subscriptions", "{\"url\": \"https://x.example.com\", \"tenant\": \"a/b\"}");
        assertEquals(400, sub.status());
        assertTrue(sub.json().get("error").get("message").asText().startsWith("tenant: \"a/b\" must be"), sub.body());
        Http.Response token = http().post("/api/v1/tokens", "{\"tenant\": \"a b\"}");
        assertEquals(400, token.status());
        assertEquals("tenant must be 1..128 chars of [A-Za-z0-9_.:-]", token.json().get("error").get("message").asText());
    }

    @Test
    void the_stored_event_carries_its_tenant_only_when_it_has_one_and_events_filter_by_tenant() {
        herald.postEvent("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{\"i\":1}}");
        herald.postEvent("{\"type\":\"a\",\"data\":{\"i\":2,\"tenant\":\"acme\"}}"); // the name in data is not the tenant
        herald.postEvent("{\"type\":\"a\",\"tenant\":\"globex\",\"data\":{\"i\":3}}");
        herald.postEvent("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{\"i\":4}}");

        JsonNode all = http().get("/api/v1/events").json().get("events");
        assertEquals(4, all.size());
        assertEquals("acme", all.get(0).get("tenant").asText());
        assertFalse(all.get(1).has("tenant"), "absent, not null, for an event of no tenant");
        JsonNode acme = http().get("/api/v1/events?tenant=acme").json();
        assertEquals(List.of(1, 4), List.of(acme.get("events").get(0).get("data").get("i").asInt(),
                acme.get("events").get(1).get("data").get("i").asInt()));
        JsonNode page = http().get("/api/v1/events?tenant=acme&limit=1").json();
        assertEquals(1, page.get("events").size());
        JsonNode rest = http().get("/api/v1/events?tenant=acme&after=" + page.get("next").asLong()).json();
        assertEquals(4, rest.get("events").get(0).get("data").get("i").asInt());
        assertEquals(0, http().get("/api/v1/events?tenant=nobody").json().get("events").size());
        assertEquals(400, http().get("/api/v1/events?tenant=a%2Fb").status());
        assertEquals("acme", http().get("/api/v1/events/" + acme.get("events").get(0).get("id").asText()).json()
                .get("tenant").asText());
    }

    @Test
    void an_idempotency_key_is_the_producers_per_tenant() {
        Http.Response a1 = http().send(http().builder("/api/v1/events").header("Idempotency-Key", "job-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}")));
        Http.Response g1 = http().send(http().builder("/api/v1/events").header("Idempotency-Key", "job-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a\",\"tenant\":\"globex\",\"data\":{}}")));
        Http.Response a2 = http().send(http().builder("/api/v1/events").header("Idempotency-Key", "job-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}")));
        assertEquals(List.of(202, 202, 200), List.of(a1.status(), g1.status(), a2.status()));
        assertNotEquals(a1.json().get("id"), g1.json().get("id"), "globex's job-1 is not acme's");
        assertEquals(a1.json().get("id"), a2.json().get("id"));
        assertTrue(a2.json().get("duplicate").asBoolean());
        herald.restart();
        Http.Response g2 = http().send(http().builder("/api/v1/events").header("Idempotency-Key", "job-1")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a\",\"tenant\":\"globex\",\"data\":{}}")));
        assertEquals(200, g2.status(), "after a restart too");
        assertEquals(g1.json().get("id"), g2.json().get("id"));
    }

    @Test
    void a_config_reload_that_moves_a_file_subscription_to_another_tenant_reroutes_at_once() {
        herald.writeConfig("subscriptions:\n" + Herald.subscription("operator", receiver.url("/operator"), "")
                + Herald.subscription("acme-file", receiver.url("/acme-file"), "tenant: globex"));
        Poll.until(Duration.ofSeconds(5), "the reload", () -> "globex".equals(herald.app().config().subscriptions()
                .get(1).tenant()));
        String acme = herald.postEvent("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}").get("id").asText();
        String globex = herald.postEvent("{\"type\":\"a\",\"tenant\":\"globex\",\"data\":{}}").get("id").asText();
        settle();
        assertEquals(List.of(0L, 1L), List.of(count("/acme-file", acme), count("/acme-file", globex)));
        assertEquals(1, count("/acme", acme), "the API subscriptions kept their tenants through the reload");
        assertEquals(1, count("/globex", globex));
    }

    @Test
    void a_test_event_carries_its_subscriptions_tenant_and_reaches_that_subscription_only() {
        String token = http().post("/api/v1/tokens", "{\"tenant\": \"acme\"}").json().get("token").asText();
        Http acme = new Http("http://127.0.0.1:" + herald.app().port(), token);
        String sub = acme.get("/api/v1/subscriptions").json().get("subscriptions").get(0).get("id").asText();
        Http.Response test = acme.post("/api/v1/subscriptions/" + sub + "/test", "{}");
        assertEquals(202, test.status(), test.body());
        String eventId = test.json().get("eventId").asText();
        settle();
        assertEquals(List.of(1L, 0L, 0L, 0L), List.of(count("/acme", eventId), count("/operator", eventId),
                count("/acme-file", eventId), count("/globex", eventId)));
        JsonNode seen = acme.get("/api/v1/events/" + eventId).json();
        assertEquals("acme", seen.get("tenant").asText(), "the tenant sees its own test event");
        assertEquals("webhook.test", seen.get("type").asText());

        Http.Response fileTest = http().post("/api/v1/subscriptions/acme-file/test", "{}");
        assertEquals(202, fileTest.status(), fileTest.body());
        String fileEvent = fileTest.json().get("eventId").asText();
        assertFalse(http().get("/api/v1/events/" + fileEvent).json().has("tenant"));
        assertEquals(404, acme.get("/api/v1/events/" + fileEvent).status(),
                "a config-file subscription's test event does not tell the tenant that the subscription exists");
    }

    @Test
    void routing_survives_a_restart_and_follows_api_changes_to_a_subscriptions_tenant() {
        String moved = created("acme", "/moved");
        herald.restart();
        String before = herald.postEvent("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}").get("id").asText();
        Poll.until(WAIT, "acme's event at /moved", () -> count("/moved", before) == 1);

        Http.Response patched = http().patch("/api/v1/subscriptions/" + moved, "{\"tenant\": \"globex\"}");
        assertEquals(200, patched.status(), patched.body());
        String acme = herald.postEvent("{\"type\":\"a\",\"tenant\":\"acme\",\"data\":{}}").get("id").asText();
        String globex = herald.postEvent("{\"type\":\"a\",\"tenant\":\"globex\",\"data\":{}}").get("id").asText();
        settle();
        assertEquals(0, count("/moved", acme), "no longer acme's");
        assertEquals(1, count("/moved", globex));
        assertEquals(1, count("/acme", acme));
    }
}
