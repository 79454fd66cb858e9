package io.herald.config;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.core.StoredEvent;
import io.herald.format.Formats;
import io.herald.format.Secret;
import io.herald.format.WebhookFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    static final String KEYS = "auth:\n  api-keys:\n    - name: k\n      key: \"secret-key-value\"\n";
    static final String SUB = "subscriptions:\n  - id: s1\n    url: https://hooks.example.com/h\n"
            + "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n";

    static Config parse(String yaml) {
        return ConfigLoader.parse(yaml, "config.yaml");
    }

    static void refused(String yaml, String message) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(yaml));
        assertEquals(message, e.getMessage());
    }

    @Test
    void the_repositorys_demo_config_loads() {
        Config c = ConfigLoader.load(Path.of("config.yaml"));
        assertEquals(8080, c.server().port());
        assertEquals("demo", c.subscriptions().get(0).id());
        // the seed vendors' catalog: Editframe's render.* and file.*, AIOZ Stream's, Elai's
        for (String t : List.of("render.completed", "render.failed", "file.ready", "file.received", "encoding.finished",
                "video_ready", "video_error")) {
            assertTrue(c.eventTypes().containsKey(t), t);
            assertFalse(c.eventTypes().get(t).example().isEmpty(), t);
        }
    }

    @Test
    void the_demo_subscription_retries_for_minutes_so_the_quick_start_retry_story_holds() {
        List<Duration> schedule = ConfigLoader.load(Path.of("config.yaml")).subscriptions().get(0).retrySchedule();
        Duration total = schedule.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(schedule.get(0).compareTo(Duration.ofSeconds(5)) <= 0, "a first retry the user sees at once: " + schedule);
        assertTrue(total.compareTo(Duration.ofMinutes(10)) >= 0, "retries for minutes, not 36 s: " + schedule);
    }

    @Test
    void absent_keys_take_the_contracts_defaults() {
        Config c = parse(KEYS + SUB);
        assertEquals("127.0.0.1", c.server().host());
        assertEquals(8080, c.server().port());
        assertEquals(1 << 20, c.server().maxBody());
        assertEquals(Duration.ofDays(7), c.storage().retention());
        assertEquals(64, c.delivery().workers());
        assertEquals(Duration.ofSeconds(15), c.delivery().timeout());
        assertEquals(7, c.delivery().retrySchedule().size());
        assertEquals(0.2, c.delivery().jitter());
        assertEquals(10, c.delivery().disableAfter().failures());
        assertEquals(Duration.ofDays(5), c.delivery().disableAfter().period());
        SubscriptionConfig s = c.subscriptions().get(0);
        assertEquals(List.of("*"), s.events());
        assertEquals("standard-webhooks", s.format());
        assertTrue(s.enabled());
        assertNull(s.timeout());
        assertNull(s.retrySchedule());
        assertNull(c.auth().tokenSecret());
    }

    @Test
    void empty_schedules_and_zero_jitter_are_valid() {
        Config c = parse(KEYS + "delivery:\n  retry-schedule: []\n  jitter: 0\n");
        assertTrue(c.delivery().retrySchedule().isEmpty());
        assertEquals(0, c.delivery().jitter());
    }

    @Test
    void each_problem_is_one_line_naming_the_key() {
        refused(KEYS + "delivery:\n  timeout: ten\n", "config.yaml: delivery.timeout: \"ten\" is not a duration");
        refused(KEYS + "server:\n  prot: 1\n", "config.yaml: server.prot: unknown key");
        refused(KEYS + "extra: 1\n", "config.yaml: extra: unknown key");
        refused("server:\n  port: 8080\n", "config.yaml: auth.api-keys: at least one api key is required");
        refused(KEYS + "server:\n  port: 70000\n", "config.yaml: server.port: 70000 is out of range 0..65535");
        refused(KEYS + "server:\n  max-body: lots\n", "config.yaml: server.max-body: \"lots\" is not a size like 512KB or 1MB");
        refused(KEYS + "server:\n  max-body: 4MB\n", "config.yaml: server.max-body: must be at most 3MB: an event is"
                + " journaled with its data and its previous state, and one journal entry holds at most 16MB");
        refused(KEYS + "delivery:\n  jitter: 2\n", "config.yaml: delivery.jitter: 2.0 is out of range 0.0..1.0");
        refused(KEYS + "delivery:\n  retry-schedule: [5s, soon]\n", "config.yaml: delivery.retry-schedule[1]: \"soon\" is not a duration");
        refused(KEYS + "delivery:\n  allow-networks: [\"10.0.0.0/99\"]\n",
                "config.yaml: delivery.allow-networks[0]: \"10.0.0.0/99\" is not a CIDR like 10.0.0.0/8");
        refused(KEYS + "  token-secret: short\n", "config.yaml: auth.token-secret: must be at least 32 bytes");
        refused(KEYS + SUB.replace("s1", "Bad!"), "config.yaml: subscriptions[0].id: \"Bad!\" must match [a-z0-9_-]{1,64}");
        refused(KEYS + SUB + SUB.replace("subscriptions:\n", ""), "config.yaml: subscriptions[1].id: \"s1\" is used twice");
        refused(KEYS + SUB.replace("https://hooks.example.com/h", "ftp://x/y"),
                "config.yaml: subscriptions[0].url: \"ftp://x/y\" must be an http or https url");
        refused(KEYS + SUB + "    events: [\"render..x\"]\n",
                "config.yaml: subscriptions[0].events[0]: \"render..x\" is not a pattern of dot-separated segments ([A-Za-z0-9_-]+ or *)");
        refused(KEYS + SUB + "    format: nope\n", "config.yaml: subscriptions[0].format: unknown format \"nope\"");
        refused(KEYS + SUB + "    retry-schedule: 5s\n", "config.yaml: subscriptions[0].retry-schedule: must be a list like [5s, 5m]");
        refused(KEYS + SUB + "    enabled: maybe\n", "config.yaml: subscriptions[0].enabled: \"maybe\" is not true or false");
    }

    @Test
    void a_bad_secret_is_refused_without_echoing_it() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> parse(KEYS + SUB.replace("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_c2hvcnQ=")));
        assertEquals("config.yaml: subscriptions[0].secret: must decode to 24..64 bytes (it decodes to 5)", e.getMessage());
        ConfigException e2 = assertThrows(ConfigException.class, () -> parse(KEYS + SUB.replace("whsec_", "sk_")));
        assertFalse(e2.getMessage().contains("MfKQ9r8"), e2.getMessage());
    }

    @Test
    void user_formats_are_checked_whole() {
        String fmt = "formats:\n  mine:\n    body: {kind: \"{{type}}\", payload: \"{{data}}\"}\n    signature:\n      header: X-Sig\n";
        assertEquals("X-Sig", parse(KEYS + fmt).formats().get("mine").signature().header());
        refused(KEYS + fmt.replace("{{type}}", "{{tpye}}"), "config.yaml: formats.mine.body.kind: unknown placeholder {{tpye}}");
        refused(KEYS + fmt.replace("      header: X-Sig\n", "      scheme: md5\n"), "config.yaml: formats.mine.signature.scheme: must be hmac-sha256 or none");
        refused(KEYS + fmt.replace("      header: X-Sig\n", "      encoding: hex\n"),
                "config.yaml: formats.mine.signature.header: is required (the header that carries the signature)");
        refused(KEYS + fmt.replace("mine:", "svix:"), "config.yaml: formats.svix: \"svix\" is a built-in format's name");
        refused(KEYS + fmt + "      content: \"{ts}.{body}\"\n",
                "config.yaml: formats.mine.signature.content: unknown token {ts}; use {id} {timestamp} {body}");
        assertEquals("mine", parse(KEYS + fmt + SUB + "    format: mine\n").subscriptions().get(0).format());
    }

    @Test
    void an_unclosed_brace_in_signature_content_is_signed_as_text_not_a_crash_at_start() {
        // config once checked content with one regex and the signer parsed it with another: "{" with no "}" passed
        // the check, then failed Formats.of with a StringIndexOutOfBoundsException
        String fmt = "formats:\n  mine:\n    body: {a: 1}\n    signature:\n      header: X-Sig\n      encoding: hex\n"
                + "      content: \"{body}.{\"\n";
        WebhookFormat f = Formats.of(parse(KEYS + fmt).formats()).get("mine");
        Secret secret = Secret.parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        String sig = f.headers(new StoredEvent("evt_1", 1, "a", Instant.EPOCH, null,
                Json.MAPPER.createObjectNode(), null), body, List.of(secret), Instant.EPOCH).get("X-Sig");
        assertEquals(HexFormat.of().formatHex(hmac(secret.key(), "{\"a\":1}.{")), sig);
    }

    private static byte[] hmac(byte[] key, String content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void a_host_or_content_length_header_or_one_the_format_signs_is_a_config_error_not_sent() {
        String token = " is not a header name (letters, digits and !#$%&'*+-.^_`|~)";
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("{Host: evil.example}", ".Host: Herald sets this header itself");
        bad.put("{Content-Length: \"1\"}", ".Content-Length: Herald sets this header itself");
        bad.put("{Webhook-Signature: x}", ".Webhook-Signature: the subscription's format sends this header");
        bad.put("{\"X A\": \"1\"}", ": \"X A\"" + token);
        bad.put("{\"\": \"1\"}", ": \"\"" + token);
        bad.put("{X-A: \"1\\r\\nX-B: 2\"}", ".X-A: the value holds a control character");
        bad.forEach((headers, problem) -> refused(KEYS + SUB + "    headers: " + headers + "\n",
                "config.yaml: subscriptions[0].headers" + problem));
        assertEquals("prod", parse(KEYS + SUB + "    headers: {X-Env: prod}\n").subscriptions().get(0).headers().get("X-Env"));
    }

    @Test
    void a_url_with_port_0_or_99999_or_a_zone_id_is_a_config_error() {
        String port = "\" has a port outside 1..65535";
        Map<String, String> bad = Map.of("https://hooks.example.com:0/h", port, "https://hooks.example.com:99999/h", port,
                "https://hooks.example.com:99999999999/h", port,
                "http://[fe80::1%eth0]/h", "\" has an IPv6 zone id (%...), which Herald does not deliver to");
        bad.forEach((url, problem) -> refused(KEYS + SUB.replace("https://hooks.example.com/h", "\"" + url + "\""),
                "config.yaml: subscriptions[0].url: \"" + url + problem));
    }

    @Test
    void durations_and_sizes_parse_every_unit() {
        assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
        assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
        assertEquals(Duration.ofDays(7), Durations.parse("7d"));
        assertEquals("1d", Durations.format(Duration.ofHours(24)));
        assertEquals("36h", Durations.format(Duration.ofHours(36)));
        assertEquals("1500ms", Durations.format(Duration.ofMillis(1500)));
        assertEquals(512 * 1024, Sizes.parse("512KB"));
        assertEquals(1 << 20, Sizes.parse("1MB"));
        assertThrows(IllegalArgumentException.class, () -> Durations.parse("5 minutes"));
    }

    @Test
    void the_event_type_catalog_is_checked_like_all_config() {
        Config c = parse(KEYS + "event-types:\n  render.completed:\n    description: done\n    example: {id: a, fps: 30}\n"
                + "  file.ready:\n");
        assertEquals(List.of("file.ready", "render.completed"), List.copyOf(c.eventTypes().keySet()));
        assertEquals("done", c.eventTypes().get("render.completed").description());
        assertEquals(30, c.eventTypes().get("render.completed").example().get("fps").asInt());
        assertEquals("", c.eventTypes().get("file.ready").description());
        assertTrue(parse(KEYS).eventTypes().isEmpty());
        refused(KEYS + "event-types:\n  render.*:\n    description: x\n",
                "config.yaml: event-types.render.*: \"render.*\" is not an event type (1..128 chars of dot-separated segments of [A-Za-z0-9_-])");
        refused(KEYS + "event-types:\n  render..x: {}\n",
                "config.yaml: event-types.render..x: \"render..x\" is not an event type (1..128 chars of dot-separated segments of [A-Za-z0-9_-])");
        refused(KEYS + "event-types:\n  herald.delivery.failed: {}\n",
                "config.yaml: event-types.herald.delivery.failed: types starting with herald. are Herald's own");
        refused(KEYS + "event-types:\n  render.completed:\n    descripton: typo\n",
                "config.yaml: event-types.render.completed.descripton: unknown key");
        refused(KEYS + "event-types:\n  render.completed:\n    example: [1, 2]\n",
                "config.yaml: event-types.render.completed.example: must be a mapping (an example of the event's data)");
        refused(KEYS + "event-types:\n  render.completed: yes\n", "config.yaml: event-types.render.completed: must be a mapping");
        refused(KEYS + "event-types: [a]\n", "config.yaml: event-types: must be a mapping");
    }

    @Test
    void portal_frame_ancestors_take_only_origins() {
        assertEquals(List.of(), parse(KEYS).server().portalFrameAncestors());
        assertEquals(List.of("https://app.example.com", "'self'", "https://*.example.com:8443"),
                parse(KEYS + "server:\n  portal-frame-ancestors: [\"https://app.example.com\", \"'self'\", \"https://*.example.com:8443\"]\n")
                        .server().portalFrameAncestors());
        // each would break out of the CSP directive or is not an origin
        for (String bad : List.of("https://a.example.com/path", "https://a.example.com; script-src *", "*", "'none'",
                "javascript:alert(1)", "https://a.example.com 'unsafe-inline'")) {
            ConfigException e = assertThrows(ConfigException.class,
                    () -> parse(KEYS + "server:\n  portal-frame-ancestors: [\"" + bad + "\"]\n"), bad);
            assertEquals("config.yaml: server.portal-frame-ancestors[0]: \"" + bad
                    + "\" must be an origin like https://app.example.com (no path) or 'self'", e.getMessage());
        }
    }
}
