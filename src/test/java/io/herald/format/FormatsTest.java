package io.herald.format;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.ConfigLoader;
import io.herald.core.Json;
import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class FormatsTest {
    static final Secret SECRET = Secret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
    static final Instant AT = Instant.ofEpochSecond(1_700_000_000L, 123_000_000);
    static final Formats FORMATS = Formats.of(Map.of());

    static StoredEvent event(boolean withResource) throws Exception {
        ObjectNode data = (ObjectNode) Json.MAPPER.readTree("{\"id\":\"550e8400\",\"status\":\"failed\",\"error\":{\"code\":\"E1\"},\"n\":{\"a\":{\"b\":7}}}");
        return new StoredEvent("evt_1", 17, "render.failed", Instant.parse("2026-11-23T10:00:00.123Z"),
                withResource ? new ResourceRef("render-jobs", "550e8400") : null, data,
                withResource ? (ObjectNode) Json.MAPPER.readTree("{\"status\":\"rendering\"}") : null);
    }

    static String hmacHex(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.key(), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    }

    static JsonNode json(byte[] b) throws Exception {
        return Json.MAPPER.readTree(b);
    }

    @Test
    void standard_webhooks_signature_matches_the_published_vectors() {
        Signature s = FORMATS.get("standard-webhooks").signature();
        byte[] b1 = "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8);
        assertEquals("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", s.headers("msg_p5jXN8AQM9LWM0D4loKWxJek", b1,
                List.of(SECRET), Instant.ofEpochSecond(1614265330)).get("webhook-signature"));
        byte[] b2 = "{\"email\":\"test@example.com\",\"username\":\"test_user\"}".getBytes(StandardCharsets.UTF_8);
        assertEquals("v1,tZ1I4/hDygAJgO5TYxiSd6Sd0kDW6hPenDe+bTa3Kkw=", s.headers("msg_27UH4WbU6Z5A5EzD8u03UvzRbpk", b2,
                List.of(Secret.parse("whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD")), Instant.ofEpochSecond(1649367553)).get("webhook-signature"));
    }

    @Test
    void standard_webhooks_body_has_resource_and_previous_only_for_resource_events_and_verifies_officially() throws Exception {
        WebhookFormat f = FORMATS.get("standard-webhooks");
        JsonNode plain = json(f.body(event(false), FormatOptions.DEFAULT));
        assertEquals(List.of("type", "timestamp", "data"), names(plain));
        assertEquals("2026-11-23T10:00:00.123Z", plain.get("timestamp").asText());
        StoredEvent withResource = event(true);
        byte[] body = f.body(withResource, FormatOptions.DEFAULT);
        assertEquals(List.of("type", "timestamp", "data", "resource", "previous"), names(json(body)));
        Map<String, String> h = f.headers(withResource, body, List.of(SECRET), Instant.now());
        assertEquals("evt_1", h.get("webhook-id"));
        Map<String, List<String>> headers = new TreeMap<>();
        h.forEach((k, v) -> headers.put(k, List.of(v)));
        new com.standardwebhooks.Webhook(SECRET.reveal()).verify(new String(body, StandardCharsets.UTF_8), headers);
    }

    @Test
    void aninix_body_has_current_and_previous_and_livemode_from_the_options() throws Exception {
        WebhookFormat f = FORMATS.get("aninix");
        JsonNode b = json(f.body(event(true), new FormatOptions(false)));
        assertEquals(List.of("id", "entity", "apiVersion", "livemode", "createdAt", "type", "previous", "current"), names(b));
        assertFalse(b.get("livemode").asBoolean());
        assertEquals("rendering", b.get("previous").get("status").asText());
        assertEquals("failed", b.get("current").get("status").asText());
        assertTrue(json(f.body(event(false), FormatOptions.DEFAULT)).get("previous").isNull());
    }

    @Test
    void editframe_signs_the_body_in_hex() throws Exception {
        WebhookFormat f = FORMATS.get("editframe");
        byte[] body = f.body(event(false), FormatOptions.DEFAULT);
        assertEquals(List.of("topic", "data"), names(json(body)));
        Map<String, String> h = f.headers(event(false), body, List.of(SECRET), AT);
        assertEquals(Map.of("X-Webhook-Signature", hmacHex(new String(body, StandardCharsets.UTF_8))), h);
    }

    @Test
    void elai_signs_timestamp_dot_body_in_hex_with_millisecond_timestamps() throws Exception {
        WebhookFormat f = FORMATS.get("elai");
        byte[] body = f.body(event(false), FormatOptions.DEFAULT);
        JsonNode b = json(body);
        assertEquals(List.of("event", "error", "video"), names(b));
        assertEquals("E1", b.get("error").get("code").asText());
        Map<String, String> h = f.headers(event(false), body, List.of(SECRET), AT);
        assertEquals("evt_1", h.get("Delivery-ID"));
        assertEquals("1700000000123", h.get("Elai-Timestamp"));
        assertEquals(hmacHex("1700000000123." + new String(body, StandardCharsets.UTF_8)), h.get("Elai-Signature"));
    }

    @Test
    void a_user_format_keeps_json_as_json_and_signs_as_configured() throws Exception {
        String yaml = "auth:\n  api-keys:\n    - {name: k, key: kkkkkkkk}\nformats:\n  my-format:\n"
                + "    body: {kind: \"{{type}}\", payload: \"{{data}}\", at: \"{{createdAt}}\", deep: \"{{data.n.a.b}}\","
                + " missing: \"{{data.nope}}\", text: \"job {{resource.id}} is {{data.status}}\"}\n"
                + "    signature:\n      scheme: hmac-sha256\n      encoding: hex\n      header: X-Sig\n      prefix: \"sha256=\"\n"
                + "      content: \"{timestamp}.{body}\"\n      timestamp-header: X-Ts\n      timestamp-unit: s\n";
        WebhookFormat f = Formats.of(ConfigLoader.parse(yaml, "config.yaml").formats()).get("my-format");
        byte[] body = f.body(event(true), FormatOptions.DEFAULT);
        JsonNode b = json(body);
        assertEquals("render.failed", b.get("kind").asText());
        assertTrue(b.get("payload").isObject());
        assertEquals(7, b.get("deep").asInt());
        assertTrue(b.get("missing").isNull());
        assertEquals("job 550e8400 is failed", b.get("text").asText());
        Map<String, String> h = f.headers(event(true), body, List.of(SECRET), AT);
        assertEquals("1700000000", h.get("X-Ts"));
        assertEquals("sha256=" + hmacHex("1700000000." + new String(body, StandardCharsets.UTF_8)), h.get("X-Sig"));
    }

    @Test
    void during_a_rotation_each_secret_signs_and_each_verifies_on_its_own() throws Exception {
        Secret fresh = Secret.generate(new SecureRandom());
        for (String name : List.of("standard-webhooks", "editframe", "elai")) {
            WebhookFormat f = FORMATS.get(name);
            byte[] body = f.body(event(true), FormatOptions.DEFAULT);
            Map<String, String> h = f.headers(event(true), body, List.of(SECRET, fresh), AT);
            String sigHeader = h.keySet().stream().filter(k -> k.toLowerCase().contains("signature")).findFirst().orElseThrow();
            assertEquals(2, h.get(sigHeader).split(" ").length, name);
            assertTrue(SignatureVerifier.verify(f, h, body, SECRET), name);
            assertTrue(SignatureVerifier.verify(f, h, body, fresh), name);
            assertFalse(SignatureVerifier.verify(f, h, "{\"tampered\":1}".getBytes(StandardCharsets.UTF_8), SECRET), name);
        }
    }

    @Test
    void secrets_are_checked_and_never_shown() {
        assertThrows(IllegalArgumentException.class, () -> Secret.parse("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
        assertThrows(IllegalArgumentException.class, () -> Secret.parse("whsec_c2hvcnQ="));
        assertThrows(IllegalArgumentException.class, () -> Secret.parse("whsec_!!!"));
        assertEquals("Secret[hidden]", SECRET.toString());
        assertEquals(24, Secret.generate(new SecureRandom()).key().length);
    }

    static List<String> names(JsonNode n) {
        List<String> out = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
