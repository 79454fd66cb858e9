package io.herald.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import io.herald.core.Timestamps;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One placeholder, {@code {{data.a.b}}} and friends, resolved against an event to a JSON value (never null).
 * The placeholder grammar of CONTRACT 5.6 is defined here and nowhere else: config validates by compiling.
 */
record Ref(String name, String[] dataPath) {
    private static final Set<String> NAMES = Set.of("id", "seq", "type", "createdAt", "data", "previous", "resource",
            "resource.type", "resource.id", "tenant");
    /** fed by the subscription's livemode: only the built-in aninix uses it */
    private static final String BUILT_IN_ONLY = "livemode";
    private static final Pattern DATA_PATH = Pattern.compile("data(\\.[^.\\s?]+)+");
    /** the placeholders whose value can be an object, so a spread ({@code "..."}) can take them */
    private static final Set<String> OBJECTS = Set.of("data", "previous", "resource");

    /** @throws IllegalArgumentException naming the placeholder when the grammar does not know it */
    static Ref parse(String text, boolean builtIn) {
        if (DATA_PATH.matcher(text).matches()) return new Ref("data", text.substring(5).split("\\."));
        if (NAMES.contains(text) || builtIn && text.equals(BUILT_IN_ONLY)) return new Ref(text, null);
        throw new IllegalArgumentException("unknown placeholder {{" + text + "}}");
    }

    boolean mayBeObject() {
        return OBJECTS.contains(name);
    }

    JsonNode resolve(StoredEvent e, FormatOptions o) {
        return switch (name) {
            case "id" -> TextNode.valueOf(e.id());
            case "seq" -> LongNode.valueOf(e.seq());
            case "type" -> TextNode.valueOf(e.type());
            case "createdAt" -> TextNode.valueOf(Timestamps.format(e.createdAt()));
            case "data" -> dataPath == null ? e.data() : dig(e.data());
            case "previous" -> e.previous() == null ? NullNode.getInstance() : e.previous();
            case "resource" -> e.resource() == null ? NullNode.getInstance() : resource(e);
            case "resource.type" -> e.resource() == null ? NullNode.getInstance() : TextNode.valueOf(e.resource().type());
            case "resource.id" -> e.resource() == null ? NullNode.getInstance() : TextNode.valueOf(e.resource().id());
            case "tenant" -> tenant(e);
            case "livemode" -> BooleanNode.valueOf(o.livemode());
            default -> NullNode.getInstance();
        };
    }

    /** The value as text inside a longer string: strings as they are, no tenant as "", anything else as JSON. */
    String text(StoredEvent e, FormatOptions o) {
        JsonNode v = resolve(e, o);
        if (v.isTextual()) return v.asText();
        return v.isNull() && name.equals("tenant") ? "" : v.toString();
    }

    /**
     * The event's tenant (CONTRACT 8), or null. The one place a format reads it: events carry no tenant yet
     * (tenants land separately), so this is null until {@link StoredEvent} has one.
     */
    private static JsonNode tenant(StoredEvent e) {
        return NullNode.getInstance();
    }

    private JsonNode dig(JsonNode node) {
        JsonNode n = node;
        for (String p : dataPath) {
            n = n == null ? null : n.get(p);
        }
        return n == null ? NullNode.getInstance() : n;
    }

    private static ObjectNode resource(StoredEvent e) {
        ObjectNode r = Json.MAPPER.createObjectNode();
        r.put("type", e.resource().type());
        r.put("id", e.resource().id());
        return r;
    }
}
