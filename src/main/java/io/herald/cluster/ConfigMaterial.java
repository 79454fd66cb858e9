package io.herald.cluster;

import io.herald.config.Config;
import io.herald.config.SubscriptionConfig;
import io.herald.format.FormatConfig;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What every node's config.yaml must agree on (CONTRACT 11: the config-file subscriptions and the formats), as a
 * flat sorted map from a key path to its value: {@code subscriptions.s1.url -> https://...}. Nodes publish it so
 * that another can name the first difference. Secrets and header values (an Authorization header is a secret too)
 * are published as a short SHA-256 fingerprint, never in the clear: Kafka is readable by whoever runs it.
 */
public final class ConfigMaterial {
    private ConfigMaterial() {}

    public static SortedMap<String, String> of(Config config) {
        SortedMap<String, String> m = new TreeMap<>();
        for (SubscriptionConfig s : config.subscriptions()) {
            String k = "subscriptions." + s.id() + ".";
            m.put(k + "url", s.url());
            m.put(k + "secret", fingerprint(s.secret()));
            m.put(k + "events", String.valueOf(s.events()));
            m.put(k + "format", s.format());
            for (Map.Entry<String, String> h : new TreeMap<>(s.headers()).entrySet()) {
                m.put(k + "headers." + h.getKey(), fingerprint(h.getValue()));
            }
            m.put(k + "enabled", String.valueOf(s.enabled()));
            m.put(k + "timeout", String.valueOf(s.timeout() == null ? config.delivery().timeout() : s.timeout()));
            m.put(k + "retry-schedule", String.valueOf(s.retrySchedule() == null ? config.delivery().retrySchedule()
                    : s.retrySchedule()));
            m.put(k + "disable-after", String.valueOf(s.disableAfter() == null ? config.delivery().disableAfter()
                    : s.disableAfter()));
            m.put(k + "livemode", String.valueOf(s.livemode()));
            m.put(k + "tenant", String.valueOf(s.tenant()));
            m.put(k + "ordered", String.valueOf(s.ordered()));
        }
        for (Map.Entry<String, FormatConfig> f : new TreeMap<>(config.formats()).entrySet()) {
            m.put("formats." + f.getKey() + ".body", String.valueOf(f.getValue().body()));
            m.put("formats." + f.getKey() + ".signature", String.valueOf(f.getValue().signature()));
        }
        return m;
    }

    /** One digest for the whole map: equal digests, equal material. */
    public static String digest(SortedMap<String, String> material) {
        StringBuilder b = new StringBuilder();
        // length-prefixed, so that no key or value can imitate a boundary
        material.forEach((k, v) -> b.append(k.length()).append(':').append(k).append(v.length()).append(':').append(v));
        return sha256(b.toString());
    }

    /**
     * The first key (in key order) whose value differs between this node and another, said for a human:
     * {@code subscriptions.s1.url: "https://a" here, "https://b" on node-b}; null when they agree.
     */
    public static String firstDifference(SortedMap<String, String> here, SortedMap<String, String> there, String node) {
        SortedMap<String, Boolean> keys = new TreeMap<>();
        here.keySet().forEach(k -> keys.put(k, true));
        there.keySet().forEach(k -> keys.put(k, true));
        for (String k : keys.keySet()) {
            String a = here.get(k);
            String b = there.get(k);
            if (a != null && a.equals(b)) continue;
            String entity = entity(k); // subscriptions.s1, formats.mine
            if (!holds(here, entity)) return entity + ": only on " + node;
            if (!holds(there, entity)) return entity + ": only here, not on " + node;
            return k + ": " + quote(a) + " here, " + quote(b) + " on " + node;
        }
        return null;
    }

    /**
     * The subscription or format a key belongs to: a subscription id holds no dot (but a header name may follow
     * it); a format's name may hold dots, and its fields (body, signature) do not.
     */
    private static String entity(String key) {
        if (key.startsWith("formats.")) return key.substring(0, key.lastIndexOf('.'));
        int second = key.indexOf('.', key.indexOf('.') + 1);
        return second < 0 ? key : key.substring(0, second);
    }

    private static boolean holds(SortedMap<String, String> material, String entity) {
        String first = material.tailMap(entity + ".").isEmpty() ? null : material.tailMap(entity + ".").firstKey();
        return first != null && first.startsWith(entity + ".");
    }

    private static String quote(String v) {
        if (v == null) return "absent";
        String s = v.length() > 80 ? v.substring(0, 77) + "..." : v;
        return "\"" + s + "\"";
    }

    static String fingerprint(String secret) {
        return secret == null ? "none" : "sha256:" + sha256(secret).substring(0, 16);
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
