package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import java.util.SortedMap;
import org.junit.jupiter.api.Test;

/** config_differs (CONTRACT 11): what nodes compare, and how the first difference is said. */
class ConfigMaterialTest {
    static final String KEYS = "auth:\n  api-keys:\n    - name: k\n      key: \"secret-key-value\"\n";
    static final String SUB = "subscriptions:\n  - id: s1\n    url: https://hooks.example.com/h\n"
            + "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n    headers:\n      Authorization: Bearer abc\n";
    static final String FORMAT = "formats:\n  my.format:\n    body:\n      event: \"{{type}}\"\n"
            + "    signature:\n      scheme: none\n";

    static SortedMap<String, String> material(String yaml) {
        Config c = ConfigLoader.parse(yaml, "config.yaml");
        return ConfigMaterial.of(c);
    }

    @Test
    void the_same_subscriptions_and_formats_agree_whatever_else_differs() {
        SortedMap<String, String> a = material(KEYS + SUB + FORMAT);
        SortedMap<String, String> b = material(KEYS + "server:\n  port: 9090\n" + SUB + FORMAT);
        assertEquals(ConfigMaterial.digest(a), ConfigMaterial.digest(b));
        assertNull(ConfigMaterial.firstDifference(a, b, "node-b"));
    }

    @Test
    void the_first_difference_names_the_key_both_values_and_the_node() {
        SortedMap<String, String> a = material(KEYS + SUB);
        SortedMap<String, String> b = material(KEYS + SUB.replace("example.com/h", "example.com/other") + "    ordered: true\n");
        assertNotEquals(ConfigMaterial.digest(a), ConfigMaterial.digest(b));
        assertEquals("subscriptions.s1.ordered: \"false\" here, \"true\" on node-b",
                ConfigMaterial.firstDifference(a, b, "node-b"), "key order: ordered before url");
        SortedMap<String, String> c = material(KEYS + SUB.replace("example.com/h", "example.com/other"));
        assertEquals("subscriptions.s1.url: \"https://hooks.example.com/h\" here, \"https://hooks.example.com/other\""
                + " on node-b", ConfigMaterial.firstDifference(a, c, "node-b"));
    }

    @Test
    void a_subscription_or_format_on_one_side_only_is_named_as_such() {
        SortedMap<String, String> a = material(KEYS + SUB);
        SortedMap<String, String> b = material(KEYS + SUB + "  - id: s2\n    url: https://x.example.com/h\n"
                + "    secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\n");
        assertEquals("subscriptions.s2: only on node-b", ConfigMaterial.firstDifference(a, b, "node-b"));
        assertEquals("subscriptions.s2: only here, not on node-a", ConfigMaterial.firstDifference(b, a, "node-a"));
        assertEquals("formats.my.format: only on node-b",
                ConfigMaterial.firstDifference(material(KEYS + SUB), material(KEYS + SUB + FORMAT), "node-b"));
    }

    @Test
    void secrets_and_header_values_are_compared_by_fingerprint_never_published() {
        SortedMap<String, String> a = material(KEYS + SUB);
        String all = a.toString();
        assertFalse(all.contains("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), all);
        assertFalse(all.contains("Bearer abc"), all);
        SortedMap<String, String> b = material(KEYS + SUB.replace("Bearer abc", "Bearer xyz"));
        String diff = ConfigMaterial.firstDifference(a, b, "node-b");
        assertTrue(diff.startsWith("subscriptions.s1.headers.Authorization: \"sha256:"), diff);
        assertFalse(diff.contains("abc") || diff.contains("xyz"), diff);
    }

    @Test
    void a_default_written_out_is_no_difference() {
        SortedMap<String, String> a = material(KEYS + SUB);
        SortedMap<String, String> b = material(KEYS + SUB + "    retry-schedule: [5s, 5m, 30m, 2h, 5h, 10h, 10h]\n");
        assertNull(ConfigMaterial.firstDifference(a, b, "node-b"));
    }
}
