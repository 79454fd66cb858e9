package io.herald.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body template compiled once (CONTRACT 5.6). A string that is exactly one placeholder becomes that value as
 * JSON ({@code "{{data}}"} stays an object); {@code "{{x?}}"} also drops its key when the value is null;
 * placeholders inside a longer string become text (strings as they are, anything else as compact JSON). In a
 * mapping, the key {@code "..."} spreads an object's fields into it; the keys written beside it win.
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");
    static final String SPREAD = "...";

    private sealed interface Part permits Obj, Arr, Literal, Whole, Text, Spread {}

    private record Obj(List<String> keys, List<Part> values) implements Part {}

    private record Arr(List<Part> items) implements Part {}

    private record Literal(JsonNode value) implements Part {}

    private record Whole(Ref ref, boolean omitIfNull) implements Part {}

    /** segments: String literals and Refs, in order */
    private record Text(List<Object> segments) implements Part {}

    /** the fields of ref's object, but for those of its mapping's own keys (a hash lookup per field) */
    private record Spread(Ref ref, Set<String> beside) implements Part {}

    private final Part root;

    /**
     * @param builtIn allows the built-in-only placeholders ({@code {{livemode}}})
     * @throws FormatException naming where in the body a placeholder or a spread is wrong
     */
    Template(JsonNode body, boolean builtIn) {
        this.root = compile(body, "", builtIn);
    }

    private static Part compile(JsonNode n, String path, boolean builtIn) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Part> values = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                keys.add(e.getKey());
                values.add(e.getKey().equals(SPREAD)
                        ? spread(e.getValue(), n, path + ".\"" + SPREAD + "\"", builtIn)
                        : compile(e.getValue(), path + "." + e.getKey(), builtIn));
            }
            return new Obj(keys, values);
        }
        if (n.isArray()) {
            List<Part> items = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) items.add(compile(n.get(i), path + "[" + i + "]", builtIn));
            return new Arr(items);
        }
        if (!n.isTextual()) return new Literal(n);
        String s = n.asText();
        Matcher m = PLACEHOLDER.matcher(s);
        if (m.matches()) {
            return new Whole(ref(m.group(1), path, builtIn), m.group(1).endsWith("?"));
        }
        List<Object> segments = new ArrayList<>();
        int at = 0;
        m.reset();
        while (m.find()) {
            if (m.start() > at) segments.add(s.substring(at, m.start()));
            segments.add(ref(m.group(1), path, builtIn));
            at = m.end();
        }
        if (at < s.length()) segments.add(s.substring(at));
        return segments.size() == 1 && segments.get(0) instanceof String ? new Literal(n) : new Text(segments);
    }

    private static Part spread(JsonNode value, JsonNode mapping, String path, boolean builtIn) {
        Part p = compile(value, path, builtIn);
        if (!(p instanceof Whole w) || !w.ref().mayBeObject()) {
            throw FormatException.body(path, "a spread takes one placeholder whose value is an object: {{data}}, "
                    + "{{data.FIELD}}, {{previous}} or {{resource}}, not " + value);
        }
        Set<String> beside = new HashSet<>();
        mapping.fieldNames().forEachRemaining(beside::add);
        beside.remove(SPREAD);
        return new Spread(w.ref(), Set.copyOf(beside));
    }

    /** @param raw what is between the braces; a trailing {@code ?} (drop the key when null) is not the name */
    private static Ref ref(String raw, String path, boolean builtIn) {
        try {
            return Ref.parse(raw.endsWith("?") ? raw.substring(0, raw.length() - 1) : raw, builtIn);
        } catch (IllegalArgumentException e) {
            throw FormatException.body(path, "unknown placeholder {{" + raw + "}}");
        }
    }

    byte[] render(StoredEvent e, FormatOptions o) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + e.data().size() * 32);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            write(g, root, e, o);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, Part p, StoredEvent e, FormatOptions o) throws IOException {
        if (p instanceof Obj obj) {
            g.writeStartObject();
            for (int i = 0; i < obj.keys().size(); i++) {
                Part v = obj.values().get(i);
                if (v instanceof Spread sp) {
                    spread(g, sp, e, o);
                    continue;
                }
                if (v instanceof Whole w && w.omitIfNull() && w.ref().resolve(e, o).isNull()) continue;
                g.writeFieldName(obj.keys().get(i));
                write(g, v, e, o);
            }
            g.writeEndObject();
        } else if (p instanceof Arr arr) {
            g.writeStartArray();
            for (Part item : arr.items()) write(g, item, e, o);
            g.writeEndArray();
        } else if (p instanceof Literal lit) {
            g.writeTree(lit.value());
        } else if (p instanceof Whole w) {
            g.writeTree(w.ref().resolve(e, o));
        } else if (p instanceof Text t) {
            StringBuilder sb = new StringBuilder();
            for (Object seg : t.segments()) {
                if (seg instanceof String s) sb.append(s);
                else sb.append(((Ref) seg).text(e, o));
            }
            g.writeString(sb.toString());
        }
    }

    /** A value that is null, absent or not an object at render time merges nothing. */
    private static void spread(JsonGenerator g, Spread sp, StoredEvent e, FormatOptions o) throws IOException {
        JsonNode v = sp.ref().resolve(e, o);
        if (!v.isObject()) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (sp.beside().contains(f.getKey())) continue;
            g.writeFieldName(f.getKey());
            g.writeTree(f.getValue());
        }
    }
}
