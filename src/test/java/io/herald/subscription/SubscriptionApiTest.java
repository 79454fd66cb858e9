package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SubscriptionApiTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    static final String SUBS = "/api/v1/subscriptions";
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("from-file", receiver.url("/file"),
                "events: [\"file.*\"]"));
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    Http http() {
        return herald.http();
    }


    @Test
    void create_read_replace_patch_delete_and_the_created_subscription_survives_a_restart_with_its_secret()
            throws Exception {
        Http.Response created = http().post(SUBS, """
                {"id": "billing", "url": "%s", "events": ["render.*"], "headers": {"X-Env": "prod"},
                 "retrySchedule": ["1s", "5s"], "disableAfter": {"failures": 5, "period": "1h"}}"""
                .formatted(receiver.url("/billing")));
        assertEquals(201, created.status(), created.body());
        JsonNode c = created.json();
        String secret = c.get("secret").asText();
        assertTrue(secret.startsWith("whsec_"));
        assertEquals(24, java.util.Base64.getDecoder().decode(secret.substring(6)).length);
        assertEquals("api", c.get("source").asText());
        assertEquals(List.of("1s", "5s"), List.of(c.get("retrySchedule").get(0).asText(), c.get("retrySchedule").get(1).asText()));
        assertEquals(5, c.get("disableAfter").get("failures").asInt());
        assertTrue(c.get("enabled").asBoolean());
        assertTrue(c.get("disabledReason").isNull());

        JsonNode read = http().get(SUBS + "/billing").json();
        assertFalse(read.has("secret"), "GET never shows the secret");
        assertEquals("prod", read.get("headers").get("X-Env").asText());
        assertEquals(secret, http().get(SUBS + "/billing/secret").json().get("secret").asText());

        JsonNode list = http().get(SUBS).json().get("subscriptions");
        assertEquals(2, list.size());
        assertEquals("config", list.get(0).get("source").asText());
        list.forEach(s -> assertFalse(s.has("secret")));

        herald.postEvent("{\"type\":\"render.completed\",\"data\":{\"n\":1}}");
        TestReceiver.Request first = Poll.value(DEADLINE, "the delivery to billing",
                () -> receiver.requestsTo("/billing").stream().findFirst().orElse(null));
        new com.standardwebhooks.Webhook(secret).verify(first.bodyText(), first.headerLists());
        assertEquals("prod", first.header("x-env"));

        Http.Response replaced = http().put(SUBS + "/billing", """
                {"url": "%s", "events": ["render.completed", "upload.*"]}""".formatted(receiver.url("/billing2")));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(2, replaced.json().get("events").size());
        assertFalse(replaced.json().has("retrySchedule"), "a replace drops what it does not name");
        assertEquals(0, replaced.json().get("headers").size());

        Http.Response patched = http().patch(SUBS + "/billing", "{\"headers\": {\"X-Team\": \"a\"}, \"format\": \"svix\"}");
        assertEquals(200, patched.status(), patched.body());
        assertEquals("svix", patched.json().get("format").asText());
        assertEquals(receiver.url("/billing2"), patched.json().get("url").asText(), "a patch keeps the rest");
        assertEquals(secret, http().get(SUBS + "/billing/secret").json().get("secret").asText(), "the secret stays");
        // RFC 7396: an object merges member by member, and null removes that member alone
        JsonNode headers = http().patch(SUBS + "/billing", "{\"headers\": {\"X-Env\": \"prod\"}}").json().get("headers");
        assertEquals(java.util.Map.of("X-Team", "a", "X-Env", "prod"), io.herald.core.Json.MAPPER.convertValue(headers,
                java.util.Map.class), "a header added, the others kept");
        headers = http().patch(SUBS + "/billing", "{\"headers\": {\"X-Team\": null}}").json().get("headers");
        assertEquals("{\"X-Env\":\"prod\"}", headers.toString(), "null removes the header, not sets it empty");

        herald.restart();
        JsonNode after = http().get(SUBS + "/billing").json();
        assertEquals("svix", after.get("format").asText());
        assertEquals(secret, http().get(SUBS + "/billing/secret").json().get("secret").asText());
        herald.postEvent("{\"type\":\"upload.done\",\"data\":{}}");
        TestReceiver.Request second = Poll.value(DEADLINE, "a delivery after the restart",
                () -> receiver.requestsTo("/billing2").stream().findFirst().orElse(null));
        new com.svix.Webhook(secret).verify(second.bodyText(), second.headerLists());

        assertEquals(204, http().delete(SUBS + "/billing").status());
        assertEquals(404, http().get(SUBS + "/billing").status());
        herald.restart();
        assertEquals(404, http().get(SUBS + "/billing").status(), "a delete lasts too");
    }

    @Test
    void a_created_subscription_without_an_id_gets_one_and_its_own_secret_differs_from_the_next() {
        JsonNode a = http().post(SUBS, "{\"url\": \"https://hooks.example.com/a\"}").json();
        JsonNode b = http().post(SUBS, "{\"url\": \"https://hooks.example.com/b\"}").json();
        assertTrue(a.get("id").asText().matches("sub_[a-z0-9]{16}"), a.toString());
        assertNotEquals(a.get("id").asText(), b.get("id").asText());
        assertNotEquals(a.get("secret").asText(), b.get("secret").asText());
        assertEquals("standard-webhooks", a.get("format").asText());
        assertEquals("*", a.get("events").get(0).asText());
    }

    @Test
    void a_config_file_subscription_is_read_only_but_can_be_disabled_and_enabled() {
        for (Http.Response r : List.of(http().put(SUBS + "/from-file", "{\"url\": \"https://x.example.com\"}"),
                http().patch(SUBS + "/from-file", "{\"enabled\": false}"), http().delete(SUBS + "/from-file"),
                http().post(SUBS + "/from-file/secret/rotate", "{}"))) {
            assertEquals(409, r.status(), r.body());
            assertEquals("read_only", r.json().get("error").get("code").asText());
        }
        JsonNode off = http().post(SUBS + "/from-file/disable", "").json();
        assertFalse(off.get("enabled").asBoolean());
        assertEquals("manual", off.get("disabledReason").asText());
        herald.restart();
        assertFalse(http().get(SUBS + "/from-file").json().get("enabled").asBoolean(), "kept under storage.dir");
        JsonNode on = http().post(SUBS + "/from-file/enable", "").json();
        assertTrue(on.get("enabled").asBoolean());
        assertTrue(on.get("disabledReason").isNull());
    }

    @Test
    void the_read_only_error_names_the_config_file_herald_runs_on_not_config_yaml(@TempDir Path other) {
        try (Herald h = Herald.startOn(other, "herald-prod.yaml", "subscriptions:\n"
                + Herald.subscription("from-file", receiver.url("/file"), ""))) {
            Http.Response r = h.http().delete(SUBS + "/from-file");
            assertEquals(409, r.status(), r.body());
            assertEquals("subscription from-file comes from herald-prod.yaml: change it there",
                    r.json().get("error").get("message").asText());
        }
    }

    @Test
    void every_bad_input_to_the_subscription_routes_gets_a_json_error_naming_the_field() {
        String url = "\"url\": \"https://hooks.example.com/h\"";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{\"id\": \"Bad Id!\", " + url + "}", "id");
        bad.put("{\"url\": \"ftp://hooks.example.com\"}", "url");
        bad.put("{\"url\": \"not a url\"}", "url");
        bad.put("{" + url + ", \"format\": \"nope\"}", "format");
        bad.put("{" + url + ", \"events\": [\"render..x\"]}", "events[0]");
        bad.put("{" + url + ", \"events\": []}", "events");
        bad.put("{" + url + ", \"timeout\": \"ten\"}", "timeout");
        bad.put("{" + url + ", \"retrySchedule\": [\"5s\", \"soon\"]}", "retrySchedule[1]");
        bad.put("{" + url + ", \"disableAfter\": {\"failures\": 0}}", "disableAfter.failures");
        bad.put("{" + url + ", \"enabled\": \"yes\"}", "enabled");
        bad.put("{" + url + ", \"secret\": \"whsec_short\"}", "secret");
        bad.put("{" + url + ", \"colour\": \"red\"}", "colour");
        bad.put("{\"url\": \"http://10.1.2.3/h\"}", "url");
        bad.put("{\"url\": \"http://[::1]/h\"}", "url");
        bad.put("{\"url\": \"http://169.254.169.254/latest\"}", "url");
        bad.put("{}", "url");
        bad.put("[1, 2]", "body");
        for (Map.Entry<String, String> e : bad.entrySet()) {
            Http.Response r = http().post(SUBS, e.getKey());
            assertEquals(400, r.status(), e.getKey() + " -> " + r.body());
            JsonNode err = r.json().get("error");
            assertEquals("invalid_request", err.get("code").asText());
            assertTrue(err.get("message").asText().startsWith(e.getValue()) || e.getValue().equals("body"),
                    e.getKey() + " -> " + err.get("message").asText());
        }
        assertEquals("invalid_json", http().post(SUBS, "{\"url\": ").json().get("error").get("code").asText());
        assertEquals(415, http().send(http().builder(SUBS).header("Content-Type", "text/plain")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))).status());
        assertEquals(401, http().send(http().anonymous(SUBS).GET()).status());
        assertEquals(409, http().post(SUBS, "{\"id\": \"from-file\", " + url + "}").status(), "taken id");
        assertEquals(404, http().get(SUBS + "/nobody").status());
        assertEquals(404, http().patch(SUBS + "/nobody", "{}").status());
        assertEquals(404, http().post(SUBS + "/nobody/enable", "").status());
        assertEquals(201, http().post(SUBS, "{\"id\": \"mine\", " + url + "}").status());
        assertEquals(400, http().put(SUBS + "/mine", "{\"id\": \"other\", " + url + "}").status(), "id cannot change");
        assertEquals(400, http().post(SUBS + "/mine/secret/rotate", "{\"grace\": \"long\"}").status());
        assertEquals(400, http().get(SUBS + "/mine/deliveries?status=lost").status());
        assertEquals(400, http().get(SUBS + "/mine/deliveries?limit=0").status());
        assertEquals(400, http().get(SUBS + "/mine/deliveries?limit=1001").status());
        assertEquals(400, http().post(SUBS + "/mine/replay", "{}").status(), "since is required");
        assertEquals(400, http().post(SUBS + "/mine/replay", "{\"since\": \"yesterday\"}").status());
        assertEquals(400, http().post(SUBS + "/mine/replay",
                "{\"since\": \"2026-01-02T00:00:00Z\", \"until\": \"2026-01-01T00:00:00Z\"}").status());
        assertEquals(404, http().get("/api/v1/deliveries/dlv_99_mine").status());
        assertEquals(404, http().post("/api/v1/deliveries/nonsense/retry", "").status());
        http().post(SUBS + "/mine/disable", "");
        Http.Response test = http().post(SUBS + "/mine/test", "");
        assertEquals(409, test.status());
        assertEquals("conflict", test.json().get("error").get("code").asText());
        assertEquals(200, http().get("/health").status(), "still serving");
        assertEquals(2, http().get(SUBS).json().get("subscriptions").size(), "nothing half-made");
    }

    @Test
    void the_test_route_delivers_webhook_test_to_that_subscription_only() {
        http().post(SUBS, "{\"id\": \"everything\", \"url\": \"%s\"}".formatted(receiver.url("/all")));
        http().post(SUBS, "{\"id\": \"probe\", \"url\": \"%s\"}".formatted(receiver.url("/probe")));
        Http.Response r = http().post(SUBS + "/probe/test", "");
        assertEquals(202, r.status(), r.body());
        JsonNode d = r.json();
        assertEquals("pending", d.get("status").asText());
        assertEquals("probe", d.get("subscriptionId").asText());
        TestReceiver.Request got = Poll.value(DEADLINE, "the test delivery",
                () -> receiver.requestsTo("/probe").stream().findFirst().orElse(null));
        assertTrue(got.bodyText().contains("\"webhook.test\""), got.bodyText());
        // the receiver has the request a moment before the attempt's record exists (404 until then)
        Poll.until(DEADLINE, "the test delivery to succeed", () -> http().get("/api/v1/deliveries/"
                + d.get("id").asText()).json().path("status").asText().equals("succeeded"));
        herald.postEvent("{\"type\":\"marker\",\"data\":{}}");
        Poll.until(DEADLINE, "the marker", () -> receiver.requestsTo("/all").size() == 1);
        assertTrue(receiver.requestsTo("/all").get(0).bodyText().contains("marker"), "the test event went nowhere else");
    }
}
