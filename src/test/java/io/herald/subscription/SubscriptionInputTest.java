package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a subscription may say (CONTRACT 4.1, 4.6): headers, urls and literal addresses, refused with a 400 naming the field. */
class SubscriptionInputTest {
    static final String SUBS = "/api/v1/subscriptions";
    static final String URL = "https://hooks.example.com/h";
    @TempDir Path dir;
    Herald herald;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, """
                delivery:
                  allow-networks: ["127.0.0.0/8"]
                formats:
                  mine:
                    body: {kind: "{{type}}"}
                    signature: {header: X-Mine-Sig, id-header: X-Mine-Id, timestamp-header: X-Mine-Ts}
                """);
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    Http http() {
        return herald.http();
    }

    /** Posts a subscription with these headers (and format, when not null). */
    Http.Response create(Map<String, String> headers, String format) {
        ObjectNode body = Json.MAPPER.createObjectNode().put("url", URL);
        if (format != null) body.put("format", format);
        ObjectNode h = body.putObject("headers");
        headers.forEach(h::put);
        return http().post(SUBS, body.toString());
    }

    static void assertRefused(Http.Response r, String field, String what) {
        assertEquals(400, r.status(), what + " -> " + r.body());
        JsonNode err = r.json().get("error");
        assertEquals("invalid_request", err.get("code").asText(), what);
        assertTrue(err.get("message").asText().startsWith(field), what + " -> " + err.get("message").asText());
    }

    @Test
    void custom_headers_that_herald_sets_or_the_format_signs_are_refused_instead_of_sent() {
        for (String name : List.of("Host", "content-length", "Content-Type", "USER-AGENT", "Transfer-Encoding",
                "Connection", "webhook-signature", "Webhook-Id", "webhook-timestamp")) {
            assertRefused(create(Map.of(name, "x"), null), "headers." + name, name);
        }
        Map<String, String> byFormat = new LinkedHashMap<>();
        byFormat.put("svix-signature", "svix");
        byFormat.put("svix-id", "svix");
        byFormat.put("X-Webhook-Signature", "editframe");
        byFormat.put("Elai-Timestamp", "elai");
        byFormat.put("delivery-id", "elai");
        byFormat.put("X-Mine-Sig", "mine");
        byFormat.put("x-mine-id", "mine");
        byFormat.put("X-Mine-Ts", "mine");
        byFormat.forEach((name, format) -> assertRefused(create(Map.of(name, "x"), format), "headers." + name,
                name + " with " + format));
        // a header one format sends is an ordinary header under another
        assertEquals(201, create(Map.of("svix-id", "x"), "standard-webhooks").status());
        assertEquals(201, create(Map.of("X-Env", "prod", "Authorization", "Bearer abc"), "mine").status());
    }

    @Test
    void header_names_that_are_not_http_tokens_and_values_with_control_characters_are_refused() {
        for (String name : List.of("X A", "", "X:A", "X(A)", "X\u00e9", "X\tA")) {
            assertRefused(create(Map.of(name, "1"), null), "headers", "name [" + name + "]");
        }
        for (String value : List.of("a\r\nX-Injected: 1", "a\nb", "a\u0000b", "a\u007fb", "a\u0085b")) {
            assertRefused(create(Map.of("X-Value", value), null), "headers.X-Value", "value [" + value + "]");
        }
        assertRefused(create(Map.of("X-Big", "v".repeat(8 * 1024)), null), "headers", "more than 8 KB");
        Map<String, String> many = new LinkedHashMap<>();
        for (int i = 0; i < 9; i++) many.put("X-Part-" + i, "v".repeat(1000));
        assertRefused(create(many, null), "headers", "more than 8 KB in all");
        assertRefused(http().post(SUBS, "{\"url\": \"" + URL + "\", \"headers\": {\"X-A\": \"1\", \"x-a\": \"2\"}}"),
                "headers", "one name twice");
        assertEquals(201, create(Map.of("X-Tabbed", "a\tb", "X-Empty", "", "X-Utf8", "caf\u00e9"), null).status());
        assertEquals(201, create(Map.of("X-Edge", "v".repeat(8 * 1024 - 20)), null).status(), "8 KB is allowed");
        assertEquals(400, http().patch(SUBS + "/" + create(Map.of(), null).json().get("id").asText(),
                "{\"headers\": {\"Host\": \"evil.example\"}}").status(), "a change is checked too");
    }

    @Test
    void a_url_with_port_0_or_above_65535_or_an_ipv6_zone_id_is_refused() {
        for (String url : List.of("https://hooks.example.com:0/h", "https://hooks.example.com:99999/h",
                "https://hooks.example.com:65536/h", "http://[fe80::1%eth0]/h", "http://[fe80::1%25eth0]:8080/h",
                "http://[2606:4700::1111%251]/h")) {
            assertRefused(http().post(SUBS, "{\"url\": \"" + url + "\"}"), "url", url);
        }
        for (String url : List.of("https://hooks.example.com:1/h", "https://hooks.example.com:65535/h",
                "http://[2606:4700::1111]:8080/h")) {
            assertEquals(201, http().post(SUBS, "{\"url\": \"" + url + "\"}").status(), url);
        }
    }

    @Test
    void literal_ipv6_urls_embedding_a_private_ipv4_are_refused_unless_allow_networks_covers_it() {
        // this Herald allows 127.0.0.0/8 (the test receivers live there), so 10.0.0.1 is the private one here
        for (String host : List.of("[::10.0.0.1]", "[::ffff:0:10.0.0.1]", "[2002:a00:1::]", "[64:ff9b::10.0.0.1]",
                "[64:ff9b:1::a00:1]", "[::5efe:a00:1]")) {
            Http.Response r = http().post(SUBS, "{\"url\": \"http://" + host + ":8080/h\"}");
            assertRefused(r, "url", host);
        }
        for (String host : List.of("[::127.0.0.1]", "[::ffff:0:127.0.0.1]", "[2002:7f00:1::]", "[64:ff9b::7f00:1]")) {
            assertEquals(201, http().post(SUBS, "{\"url\": \"http://" + host + ":8080/h\"}").status(),
                    host + " carries 127.0.0.1, which allow-networks covers");
        }
    }
}
