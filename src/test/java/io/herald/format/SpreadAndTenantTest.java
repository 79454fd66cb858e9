package io.herald.format;

import static io.herald.format.FormatsTest.event;
import static io.herald.format.FormatsTest.json;
import static io.herald.format.FormatsTest.names;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.ConfigException;
import io.herald.config.ConfigLoader;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The spread key {@code "..."} and {@code {{tenant}}} in body templates (CONTRACT 5.6), and the aioz format (5.7). */
class SpreadAndTenantTest {
    static final String KEYS = "auth:\n  api-keys:\n    - {name: k, key: kkkkkkkk}\n";

    static WebhookFormat userFormat(String body) {
        String yaml = KEYS + "formats:\n  mine:\n    body: " + body + "\n    signature: {scheme: none}\n";
        return Formats.of(ConfigLoader.parse(yaml, "config.yaml").formats()).get("mine");
    }

    static String refusal(String body) {
        String yaml = KEYS + "formats:\n  mine:\n    body: " + body + "\n    signature: {scheme: none}\n";
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "config.yaml")).getMessage();
    }

    @Test
    void a_spread_merges_the_objects_fields_into_the_mapping_where_it_stands() throws Exception {
        JsonNode b = json(userFormat("{kind: \"{{type}}\", \"...\": \"{{data}}\", end: 1}").body(event(false), FormatOptions.DEFAULT));
        assertEquals(List.of("kind", "id", "status", "error", "n", "end"), names(b));
        assertEquals("failed", b.get("status").asText());
        assertEquals(7, b.get("n").get("a").get("b").asInt(), "nested values stay JSON");
    }

    @Test
    void keys_written_beside_a_spread_win_over_its_fields_wherever_they_stand() throws Exception {
        JsonNode b = json(userFormat("{\"...\": \"{{data}}\", status: \"mine\", id: \"{{id}}\"}").body(event(false), FormatOptions.DEFAULT));
        assertEquals(List.of("error", "n", "status", "id"), names(b), "each key once, the spread's duplicates dropped");
        assertEquals("mine", b.get("status").asText());
        assertEquals("evt_1", b.get("id").asText());
    }

    @Test
    void a_spread_works_in_a_nested_mapping_and_of_a_nested_object() throws Exception {
        JsonNode b = json(userFormat("{outer: {\"...\": \"{{data.n}}\", x: 1}, list: [{\"...\": \"{{resource}}\"}]}")
                .body(event(true), FormatOptions.DEFAULT));
        assertEquals("{\"a\":{\"b\":7},\"x\":1}", b.get("outer").toString());
        assertEquals("[{\"type\":\"render-jobs\",\"id\":\"550e8400\"}]", b.get("list").toString());
    }

    @Test
    void a_spread_of_a_value_that_is_absent_or_not_an_object_at_render_merges_nothing() throws Exception {
        WebhookFormat f = userFormat("{a: 1, \"...\": \"{{data.status}}\", b: {\"...\": \"{{previous}}\"}, c: {\"...\": \"{{data.nope}}\"}}");
        assertEquals("{\"a\":1,\"b\":{},\"c\":{}}", json(f.body(event(false), FormatOptions.DEFAULT)).toString());
    }

    @Test
    void a_spread_of_a_non_object_is_a_config_error_naming_the_key() {
        String why = "a spread takes one placeholder whose value is an object: {{data}}, {{data.FIELD}}, {{previous}} or {{resource}}";
        assertEquals("config.yaml: formats.mine.body.\"...\": " + why + ", not \"{{type}}\"",
                refusal("{kind: \"{{type}}\", \"...\": \"{{type}}\"}"));
        assertEquals("config.yaml: formats.mine.body.outer.\"...\": " + why + ", not \"x {{data}}\"",
                refusal("{outer: {\"...\": \"x {{data}}\"}}"));
        assertEquals("config.yaml: formats.mine.body.\"...\": " + why + ", not 5", refusal("{\"...\": 5}"));
        assertEquals("config.yaml: formats.mine.body.\"...\": " + why + ", not {\"a\":1}", refusal("{\"...\": {a: 1}}"));
        assertEquals("config.yaml: formats.mine.body.\"...\": unknown placeholder {{dta}}", refusal("{\"...\": \"{{dta}}\"}"));
    }

    @Test
    void tenant_is_a_placeholder_that_is_null_as_a_value_and_empty_in_text_while_events_carry_none() throws Exception {
        JsonNode b = json(userFormat("{tenant: \"{{tenant}}\", path: \"/t/{{tenant}}/x\"}").body(event(false), FormatOptions.DEFAULT));
        assertTrue(b.get("tenant").isNull(), b.toString());
        assertEquals("/t//x", b.get("path").asText());
    }

    @Test
    void a_tenant_event_renders_its_tenant_in_the_tenant_placeholder() throws Exception {
        StoredEvent acme = new StoredEvent("evt_5", 5, "a.b", Instant.parse("2026-11-23T10:00:00.123Z"), null,
                Json.MAPPER.createObjectNode(), null, "acme");
        JsonNode b = json(userFormat("{tenant: \"{{tenant}}\", path: \"/t/{{tenant}}/x\"}").body(acme, FormatOptions.DEFAULT));
        assertEquals("acme", b.get("tenant").asText(), b.toString());
        assertEquals("/t/acme/x", b.get("path").asText());
    }

    @Test
    void livemode_stays_a_built_in_only_placeholder() {
        assertEquals("config.yaml: formats.mine.body.live: unknown placeholder {{livemode}}", refusal("{live: \"{{livemode}}\"}"));
    }

    @Test
    void aioz_is_flat_with_type_and_emitted_at_winning_over_data_and_verifies_with_the_official_library() throws Exception {
        ObjectNode data = (ObjectNode) Json.MAPPER.readTree(
                "{\"media_id\":\"m1\",\"title\":\"Intro\",\"type\":\"not-this\",\"emitted_at\":\"nor-this\"}");
        StoredEvent e = new StoredEvent("evt_9", 3, "media.transcoded", Instant.parse("2026-11-23T10:00:00.123Z"), null, data, null);
        WebhookFormat f = FormatsTest.FORMATS.get("aioz");
        byte[] body = f.body(e, FormatOptions.DEFAULT);
        assertEquals("{\"type\":\"media.transcoded\",\"emitted_at\":\"2026-11-23T10:00:00.123Z\",\"media_id\":\"m1\",\"title\":\"Intro\"}",
                new String(body, StandardCharsets.UTF_8));
        Map<String, String> h = f.headers(e, body, List.of(FormatsTest.SECRET), Instant.now());
        assertEquals(List.of("webhook-id", "webhook-signature", "webhook-timestamp"), List.copyOf(new TreeMap<>(h).keySet()));
        Map<String, List<String>> headers = new TreeMap<>();
        h.forEach((k, v) -> headers.put(k, List.of(v)));
        new com.standardwebhooks.Webhook(FormatsTest.SECRET.reveal()).verify(new String(body, StandardCharsets.UTF_8), headers);
    }

    @Test
    void aioz_is_a_reserved_name() {
        String yaml = KEYS + "formats:\n  aioz:\n    body: {a: 1}\n    signature: {scheme: none}\n";
        assertEquals("config.yaml: formats.aioz: \"aioz\" is a built-in format's name",
                assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "config.yaml")).getMessage());
    }
}
