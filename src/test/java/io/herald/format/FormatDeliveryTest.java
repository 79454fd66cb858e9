package io.herald.format;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every format as a real receiver sees it: exact headers, exact body keys, signatures checked independently. */
class FormatDeliveryTest {
    static final Set<String> ALWAYS = Set.of("content-type", "user-agent", "content-length", "host", "accept-encoding", "connection");
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        StringBuilder subs = new StringBuilder("subscriptions:\n");
        for (String f : List.of("standard-webhooks", "svix", "aninix", "editframe", "elai", "aioz", "my-format")) {
            subs.append(Herald.subscription(f, receiver.url("/" + f), "format: " + f));
        }
        herald = Herald.start(dir, """
                formats:
                  my-format:
                    body: {kind: "{{type}}", payload: "{{data}}", at: "{{createdAt}}"}
                    signature:
                      scheme: hmac-sha256
                      encoding: hex
                      header: X-Sig
                      prefix: "sha256="
                      content: "{timestamp}.{body}"
                      timestamp-header: X-Ts
                      timestamp-unit: s
                """ + subs);
        herald.postEvent("{\"type\":\"render.failed\",\"data\":{\"id\":\"550e8400\",\"error\":\"out of memory\"},"
                + "\"resource\":{\"type\":\"render-jobs\",\"id\":\"550e8400\"}}");
        Poll.until(Duration.ofSeconds(20), "seven deliveries", () -> receiver.requests().size() == 7);
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    TestReceiver.Request at(String path) {
        return receiver.requestsTo("/" + path).get(0);
    }

    static Set<String> formatHeaders(TestReceiver.Request r) {
        return r.headers().keySet().stream().filter(h -> !ALWAYS.contains(h)).collect(Collectors.toSet());
    }

    static List<String> keys(TestReceiver.Request r) throws Exception {
        List<String> out = new java.util.ArrayList<>();
        Json.MAPPER.readTree(r.body()).fieldNames().forEachRemaining(out::add);
        return out;
    }

    static byte[] hmac(String content) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Secret.parse(Herald.SECRET).key(), "HmacSHA256"));
        return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    }


    @Test
    void standard_webhooks_and_svix_have_their_headers_and_verify_with_the_official_libraries() throws Exception {
        TestReceiver.Request sw = at("standard-webhooks");
        assertEquals(Set.of("webhook-id", "webhook-timestamp", "webhook-signature"), formatHeaders(sw));
        assertEquals(List.of("type", "timestamp", "data", "resource", "previous"), keys(sw));
        String expected = "v1," + Base64.getEncoder().encodeToString(
                hmac(sw.header("webhook-id") + "." + sw.header("webhook-timestamp") + "." + sw.bodyText()));
        assertEquals(expected, sw.header("webhook-signature"));
        new com.standardwebhooks.Webhook(Herald.SECRET).verify(sw.bodyText(), sw.headerLists());

        TestReceiver.Request sv = at("svix");
        assertEquals(Set.of("svix-id", "svix-timestamp", "svix-signature"), formatHeaders(sv));
        new com.svix.Webhook(Herald.SECRET).verify(sv.bodyText(), sv.headerLists());
    }

    @Test
    void aninix_has_the_event_envelope_and_standard_signature() throws Exception {
        TestReceiver.Request r = at("aninix");
        assertEquals(Set.of("webhook-id", "webhook-timestamp", "webhook-signature"), formatHeaders(r));
        assertEquals(List.of("id", "entity", "apiVersion", "livemode", "createdAt", "type", "previous", "current"), keys(r));
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals("out of memory", b.get("current").get("error").asText());
        assertEquals("{}", b.get("previous").toString());
        new com.standardwebhooks.Webhook(Herald.SECRET).verify(r.bodyText(), r.headerLists());
    }

    @Test
    void aioz_is_flat_and_verifies_with_the_official_standard_webhooks_library() throws Exception {
        TestReceiver.Request r = at("aioz");
        assertEquals(Set.of("webhook-id", "webhook-timestamp", "webhook-signature"), formatHeaders(r));
        assertEquals(List.of("type", "emitted_at", "id", "error"), keys(r));
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals("render.failed", b.get("type").asText());
        assertEquals("out of memory", b.get("error").asText());
        new com.standardwebhooks.Webhook(Herald.SECRET).verify(r.bodyText(), r.headerLists());
    }

    @Test
    void editframe_and_elai_carry_hex_signatures_over_what_their_vendors_sign() throws Exception {
        TestReceiver.Request ef = at("editframe");
        assertEquals(Set.of("x-webhook-signature"), formatHeaders(ef));
        assertEquals(List.of("topic", "data"), keys(ef));
        assertEquals(HexFormat.of().formatHex(hmac(ef.bodyText())), ef.header("x-webhook-signature"));

        TestReceiver.Request el = at("elai");
        assertEquals(Set.of("delivery-id", "elai-timestamp", "elai-signature"), formatHeaders(el));
        assertEquals(List.of("event", "error", "video"), keys(el));
        assertEquals("out of memory", Json.MAPPER.readTree(el.body()).get("error").asText());
        assertTrue(el.header("elai-timestamp").matches("\\d{13}"), "milliseconds");
        assertEquals(HexFormat.of().formatHex(hmac(el.header("elai-timestamp") + "." + el.bodyText())), el.header("elai-signature"));
    }

    @Test
    void a_user_format_from_config_is_delivered_and_verifies_exactly() throws Exception {
        TestReceiver.Request r = at("my-format");
        assertEquals(Set.of("x-sig", "x-ts"), formatHeaders(r));
        assertEquals(List.of("kind", "payload", "at"), keys(r));
        JsonNode b = Json.MAPPER.readTree(r.body());
        assertEquals("render.failed", b.get("kind").asText());
        assertTrue(b.get("payload").isObject(), "JSON stays JSON");
        assertTrue(r.header("x-ts").matches("\\d{10}"), "seconds");
        assertEquals("sha256=" + HexFormat.of().formatHex(hmac(r.header("x-ts") + "." + r.bodyText())), r.header("x-sig"));
    }
}
