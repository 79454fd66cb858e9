package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A strict reader over one YAML mapping: it knows its key path for error messages, applies defaults, and
 * remembers which keys were read so that {@link #done()} can call any other key a typo.
 */
final class Node {
    private final String file;
    private final String path;
    private final JsonNode node;
    private final Set<String> read = new HashSet<>();
    /** API bodies spell keys in camelCase (retrySchedule); the code always asks in the YAML spelling. */
    private final boolean camel;

    Node(String file, String path, JsonNode node) {
        this(file, path, node, false);
    }

    private Node(String file, String path, JsonNode node, boolean camel) {
        this.file = file;
        this.path = path;
        this.camel = camel;
        this.node = node == null || node.isNull() ? MissingNode.getInstance() : node;
        if (!this.node.isMissingNode() && !this.node.isObject()) throw error(path, "must be a mapping");
    }

    /** A JSON request body, read with camelCase keys; errors name the key without a file. */
    static Node ofJson(JsonNode body) {
        return new Node(null, "", body, true);
    }

    ConfigException error(String keyPath, String problem) {
        String where = keyPath.isEmpty() ? "" : keyPath + ": ";
        return new ConfigException(file == null ? where + problem : file + ": " + where + problem);
    }

    String pathOf(String key) {
        return path.isEmpty() ? name(key) : path + "." + name(key);
    }

    private String name(String key) {
        if (!camel) return key;
        StringBuilder b = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == '-' && i + 1 < key.length()) b.append(Character.toUpperCase(key.charAt(++i)));
            else b.append(c);
        }
        return b.toString();
    }

    boolean has(String key) {
        return node.hasNonNull(name(key));
    }

    private JsonNode get(String key) {
        key = name(key);
        read.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    Node child(String key) {
        return new Node(file, pathOf(key), get(key), camel);
    }

    String string(String key, String fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isValueNode() || v.isBoolean()) throw error(pathOf(key), "must be a string");
        return v.asText();
    }

    String requiredString(String key) {
        String v = string(key, null);
        if (v == null || v.isEmpty()) throw error(pathOf(key), "is required");
        return v;
    }

    /** A single value of any kind (string, number, boolean) as its text. */
    String scalar(String key) {
        JsonNode v = get(key);
        if (v == null) throw error(pathOf(key), "must have a value");
        if (!v.isValueNode()) throw error(pathOf(key), "must be a single value");
        return v.asText();
    }

    int integer(String key, int fallback, int min, int max) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw error(pathOf(key), quote(v) + " is not a whole number");
        int n = v.asInt();
        if (n < min || n > max) throw error(pathOf(key), n + " is out of range " + min + ".." + max);
        return n;
    }

    double number(String key, double fallback, double min, double max) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isNumber()) throw error(pathOf(key), quote(v) + " is not a number");
        double n = v.asDouble();
        if (n < min || n > max) throw error(pathOf(key), n + " is out of range " + min + ".." + max);
        return n;
    }

    boolean bool(String key, boolean fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isBoolean()) throw error(pathOf(key), quote(v) + " is not true or false");
        return v.asBoolean();
    }

    Duration duration(String key, Duration fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        return parse(pathOf(key), v, Durations::parse);
    }

    long size(String key, long fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        return parse(pathOf(key), v, Sizes::parse);
    }

    List<Duration> durations(String key, List<Duration> fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isArray()) throw error(pathOf(key), "must be a list like [5s, 5m]");
        List<Duration> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) out.add(parse(pathOf(key) + "[" + i + "]", v.get(i), Durations::parse));
        return out;
    }

    List<String> strings(String key, List<String> fallback) {
        JsonNode v = get(key);
        if (v == null) return fallback;
        if (!v.isArray()) throw error(pathOf(key), "must be a list");
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) throw error(pathOf(key) + "[" + i + "]", "must be a string");
            out.add(v.get(i).asText());
        }
        return out;
    }

    Map<String, String> stringMap(String key) {
        Node m = new Node(file, pathOf(key), get(key), false); // header names are data, never camelCased
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<String> it = m.node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            out.put(k, m.string(k, ""));
        }
        return out;
    }

    /** The list of mappings under key, each as a Node named key[i]. */
    List<Node> list(String key) {
        JsonNode v = get(key);
        List<Node> out = new ArrayList<>();
        if (v == null) return out;
        if (!v.isArray()) throw error(pathOf(key), "must be a list");
        for (int i = 0; i < v.size(); i++) out.add(new Node(file, pathOf(key) + "[" + i + "]", v.get(i), camel));
        return out;
    }

    /** The raw tree under key (for format templates), or null. */
    JsonNode raw(String key) {
        return get(key);
    }

    Iterable<String> keys() {
        List<String> out = new ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }

    /** Any key not read by now is unknown: a typo must not silently do nothing. */
    void done() {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!read.contains(k)) throw error(pathOf(k), "unknown key");
        }
    }

    private <T> T parse(String keyPath, JsonNode v, Function<String, T> parser) {
        if (!v.isValueNode()) throw error(keyPath, quote(v) + " must be a single value");
        try {
            return parser.apply(v.asText());
        } catch (IllegalArgumentException e) {
            throw error(keyPath, e.getMessage());
        }
    }

    private static String quote(JsonNode v) {
        return v.isTextual() ? "\"" + v.asText() + "\"" : v.toString();
    }
}
