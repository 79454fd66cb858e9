package io.herald.delivery.format;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body template compiled once (CONTRACT 5.6). A string that is exactly one placeholder becomes that value as
 * JSON ({@code "{{data}}"} stays an object); {@code "{{x?}}"} also drops its key when the value is null;
 * placeholders inside a longer string become text (strings as they are, anything else as compact JSON).
 */
final class Template {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{([^}]*)}}");

    private sealed interface Part permits Obj, Arr, Literal, Whole, Text {}

    private record Obj(List<String> keys, List<Part> values) implements Part {}

    private record Arr(List<Part> items) implements Part {}

    private record Literal(JsonNode value) implements Part {}

    private record Whole(Ref ref, boolean omitIfNull) implements Part {}

    /** segments: String literals and Refs, in order */
    private record Text(List<Object> segments) implements Part {}

    private final Part root;

    Template(JsonNode body) {
        this.root = compile(body);
    }

    private static Part compile(JsonNode n) {
        if (n.isObject()) {
            List<String> keys = new ArrayList<>();
            List<Part> values = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                keys.add(e.getKey());
                values.add(compile(e.getValue()));
            }
            return new Obj(keys, values);
        }
        if (n.isArray()) {
            List<Part> items = new ArrayList<>();
            n.forEach(i -> items.add(compile(i)));
            return new Arr(items);
        }
        if (!n.isTextual()) return new Literal(n);
        String s = n.asText();
        Matcher m = PLACEHOLDER.matcher(s);
        if (m.matches()) {
            String name = m.group(1).trim();
            boolean omit = name.endsWith("?");
            return new Whole(Ref.parse(omit ? name.substring(0, name.length() - 1) : name), omit);
        }
        List<Object> segments = new ArrayList<>();
        int at = 0;
        m.reset();
        while (m.find()) {
            if (m.start() > at) segments.add(s.substring(at, m.start()));
            String name = m.group(1).trim();
            segments.add(Ref.parse(name.endsWith("?") ? name.substring(0, name.length() - 1) : name));
            at = m.end();
        }
        if (at < s.length()) segments.add(s.substring(at));
        return segments.size() == 1 && segments.get(0) instanceof String ? new Literal(n) : new Text(segments);
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
                else {
                    JsonNode v = ((Ref) seg).resolve(e, o);
                    sb.append(v.isTextual() ? v.asText() : v.toString());
                }
            }
            g.writeString(sb.toString());
        }
    }
}
