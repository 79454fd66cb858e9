package io.herald.tenant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.SettableClock;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator's tenant routes and the per-tenant cap (CONTRACT 8). */
class TenantAdminTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    static final String SUBS = "/api/v1/subscriptions";
    @TempDir Path dir;
    Herald herald;
    TestReceiver receiver;

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
        if (receiver != null) receiver.close();
    }

    Http tenant(String name) {
        String token = herald.http().post("/api/v1/tokens", "{\"tenant\": \"" + name + "\"}").json().get("token").asText();
        return new Http("http://127.0.0.1:" + herald.app().port(), token);
    }

    @Test
    void racing_creates_never_pass_the_cap_whether_the_tenant_or_the_operator_makes_them() throws Exception {
        herald = Herald.start(dir, "tenants:\n  max-subscriptions: 5\n");
        Http acme = tenant("acme");
        int threads = 16;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> answers = new ArrayList<>();
        try {
            for (int i = 0; i < 48; i++) {
                int n = i;
                Callable<Integer> create = () -> {
                    go.await();
                    Http.Response r = n % 2 == 0
                            ? acme.post(SUBS, "{\"url\": \"https://hooks.example.com/" + n + "\"}")
                            : herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/" + n + "\", \"tenant\": \"acme\"}");
                    if (r.status() == 409) assertEquals("limit_reached", r.json().get("error").get("code").asText());
                    return r.status();
                };
                answers.add(pool.submit(create));
            }
            go.countDown();
            int created = 0;
            int refused = 0;
            for (Future<Integer> f : answers) {
                int status = f.get();
                if (status == 201) created++;
                else if (status == 409) refused++;
                else fail("unexpected status " + status);
            }
            assertEquals(5, created);
            assertEquals(43, refused);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, acme.get(SUBS).json().get("subscriptions").size());
        assertEquals(201, herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/g\", \"tenant\": \"globex\"}")
                .status(), "the cap is per tenant");
        assertEquals(201, herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/op\"}").status(),
                "the operator's own subscriptions have no cap");
        String moved = herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/m\"}").json().get("id").asText();
        Http.Response into = herald.http().patch(SUBS + "/" + moved, "{\"tenant\": \"acme\"}");
        assertEquals(409, into.status(), "moving one into a full tenant counts too");
        assertEquals("limit_reached", into.json().get("error").get("code").asText());
        herald.restart();
        assertEquals(409, tenant("acme").post(SUBS, "{\"url\": \"https://hooks.example.com/after\"}").status(),
                "and after a restart");
    }

    @Test
    void the_tenant_list_pages_by_name_with_counts_and_last_event_times() {
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("file-b", "https://hooks.example.com/file", "tenant: b"));
        for (String t : List.of("d", "a", "b")) {
            assertEquals(201, herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/" + t + "\", \"tenant\": \"" + t + "\"}").status());
        }
        JsonNode c = herald.postEvent("{\"type\":\"x\",\"tenant\":\"c\",\"data\":{}}");
        herald.postEvent("{\"type\":\"x\",\"tenant\":\"a\",\"data\":{}}");
        JsonNode a2 = herald.postEvent("{\"type\":\"x\",\"tenant\":\"a\",\"data\":{}}");
        herald.postEvent("{\"type\":\"x\",\"data\":{}}");

        JsonNode page1 = herald.http().get("/api/v1/tenants?limit=2").json();
        assertEquals("[{\"id\":\"a\",\"subscriptions\":1,\"lastEventAt\":\"" + a2.get("createdAt").asText() + "\"},"
                + "{\"id\":\"b\",\"subscriptions\":2,\"lastEventAt\":null}]", page1.get("tenants").toString());
        assertEquals("b", page1.get("next").asText());
        JsonNode page2 = herald.http().get("/api/v1/tenants?limit=2&cursor=" + page1.get("next").asText()).json();
        assertEquals("[{\"id\":\"c\",\"subscriptions\":0,\"lastEventAt\":\"" + c.get("createdAt").asText() + "\"},"
                + "{\"id\":\"d\",\"subscriptions\":1,\"lastEventAt\":null}]", page2.get("tenants").toString());
        assertTrue(page2.get("next").isNull(), page2.toString());
        assertEquals(4, herald.http().get("/api/v1/tenants").json().get("tenants").size());
        herald.restart();
        assertEquals(page1, herald.http().get("/api/v1/tenants?limit=2").json(), "the same after a restart");
    }

    @Test
    void retention_forgets_a_tenant_whose_events_it_deleted_unless_subscriptions_name_it() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T23:00:00Z"));
        herald = Herald.start(dir, "storage:\n  dir: " + dir.resolve("data") + "\n  retention: 1h\n", clock);
        // it takes no events: no pending delivery holds the old cycle back from retention
        assertEquals(201, herald.http().post(SUBS, "{\"url\": \"https://hooks.example.com/k\", \"tenant\": \"kept\", "
                + "\"events\": [\"never\"]}").status());
        herald.postEvent("{\"type\":\"x\",\"tenant\":\"gone\",\"data\":{}}");
        herald.postEvent("{\"type\":\"x\",\"tenant\":\"kept\",\"data\":{}}");
        herald.app().maintainNow(); // a snapshot that still names both
        clock.advance(Duration.ofHours(3)); // the next day's cycle: the first is past retention
        JsonNode fresh = herald.postEvent("{\"type\":\"x\",\"tenant\":\"fresh\",\"data\":{}}");
        herald.app().maintainNow();

        String expected = "[{\"id\":\"fresh\",\"subscriptions\":0,\"lastEventAt\":\"" + fresh.get("createdAt").asText()
                + "\"},{\"id\":\"kept\",\"subscriptions\":1,\"lastEventAt\":null}]";
        assertEquals(expected, herald.http().get("/api/v1/tenants").json().get("tenants").toString());
        herald.restart();
        assertEquals(expected, herald.http().get("/api/v1/tenants").json().get("tenants").toString(),
                "and after a restart from a snapshot older than the deletion");
    }

    @Test
    void deleting_a_tenant_deletes_its_api_subscriptions_keeps_its_file_ones_and_stops_their_deliveries() throws Exception {
        receiver = new TestReceiver();
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("acme-file", receiver.url("/file"), "tenant: acme"));
        Http acme = tenant("acme");
        String gone = acme.post(SUBS, "{\"url\": \"" + receiver.url("/api") + "\"}").json().get("id").asText();
        String other = herald.http().post(SUBS, "{\"url\": \"" + receiver.url("/globex") + "\", \"tenant\": \"globex\"}")
                .json().get("id").asText();

        assertEquals(204, herald.http().delete("/api/v1/tenants/acme").status());
        assertEquals(404, herald.http().get(SUBS + "/" + gone).status());
        assertEquals(200, herald.http().get(SUBS + "/acme-file").status(), "config-file subscriptions stay");
        assertEquals(200, herald.http().get(SUBS + "/" + other).status(), "another tenant's stay");
        assertEquals(0, acme.get(SUBS).json().get("subscriptions").size());
        assertEquals(204, herald.http().delete("/api/v1/tenants/nobody").status());
        assertEquals(400, herald.http().delete("/api/v1/tenants/a%20b").status());

        String id = herald.postEvent("{\"type\":\"x\",\"tenant\":\"acme\",\"data\":{}}").get("id").asText();
        Poll.until(WAIT, "the file subscription's delivery", () -> receiver.requestsTo("/file").stream()
                .anyMatch(r -> r.header("webhook-id").equals(id)));
        herald.restart();
        assertEquals(404, herald.http().get(SUBS + "/" + gone).status(), "the deletion lasts");
        assertTrue(receiver.requestsTo("/api").isEmpty());
    }

    @Test
    void a_portal_link_carries_a_tenant_token_that_works_against_the_api_and_only_the_operator_gets_one() {
        herald = Herald.start(dir, "");
        Http.Response r = herald.http().post("/api/v1/tenants/acme/portal-link", "{\"ttl\": \"2h\"}");
        assertEquals(200, r.status(), r.body());
        String url = r.json().get("url").asText();
        String prefix = "http://127.0.0.1:" + herald.app().port() + "/portal/#token=";
        assertTrue(url.startsWith(prefix), url);
        Http acme = new Http("http://127.0.0.1:" + herald.app().port(), url.substring(prefix.length()));
        assertEquals(201, acme.post(SUBS, "{\"url\": \"https://hooks.example.com/p\"}").status());
        assertEquals("acme", herald.http().get(SUBS).json().get("subscriptions").get(0).get("tenant").asText());
        assertEquals(403, acme.post("/api/v1/tenants/acme/portal-link", "{}").status());
        assertEquals(200, herald.http().send(herald.http().builder("/api/v1/tenants/acme/portal-link")
                .POST(java.net.http.HttpRequest.BodyPublishers.noBody())).status(), "the body is optional");
        assertEquals(400, herald.http().post("/api/v1/tenants/a%2Fb/portal-link", "{}").status());
    }

    @Test
    void a_portal_link_starts_with_server_public_url() {
        herald = Herald.start(dir, "server:\n  host: 127.0.0.1\n  port: 0\n  public-url: https://hooks.example.com/herald/\n");
        String url = herald.http().post("/api/v1/tenants/acme/portal-link", "{}").json().get("url").asText();
        assertTrue(url.startsWith("https://hooks.example.com/herald/portal/#token=ey"), url);
    }
}
