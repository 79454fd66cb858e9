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
import java.util.regex.Pattern;

/**
 * One placeholder, {@code {{data.a.b}}} and friends, resolved against an event to a JSON value (never null).
 * The placeholder grammar of CONTRACT 5.6 is defined here and nowhere else: config validates by compiling.
 */
record Ref(Name name, String[] dataPath) {
    private static final Pattern DATA_PATH = Pattern.compile("data(\\.[^.\\s?]+)+");

    /** Every placeholder; a switch over these has no default, so a new one cannot render as a silent null. */
    enum Name {
        ID("id"), SEQ("seq"), TYPE("type"), CREATED_AT("createdAt"), DATA("data"), PREVIOUS("previous"),
        RESOURCE("resource"), RESOURCE_TYPE("resource.type"), RESOURCE_ID("resource.id"), TENANT("tenant"),
        /** fed by the subscription's livemode: only the built-in aninix uses it */
        LIVEMODE("livemode");

        final String text;

        Name(String text) {
            this.text = text;
        }

        /** Whether the value can be an object, so a spread ({@code "..."}) can take it. */
        boolean mayBeObject() {
            return this == DATA || this == PREVIOUS || this == RESOURCE;
        }

        boolean builtInOnly() {
            return this == LIVEMODE;
        }
    }

    /** @throws IllegalArgumentException naming the placeholder when the grammar does not know it */
    static Ref parse(String text, boolean builtIn) {
        if (DATA_PATH.matcher(text).matches()) return new Ref(Name.DATA, text.substring(5).split("\\."));
        for (Name n : Name.values()) {
            if (n.text.equals(text) && (builtIn || !n.builtInOnly())) return new Ref(n, null);
        }
        throw new IllegalArgumentException("unknown placeholder {{" + text + "}}");
    }

    boolean mayBeObject() {
        return name.mayBeObject();
    }

    JsonNode resolve(StoredEvent e, FormatOptions o) {
        return switch (name) {
            case ID -> TextNode.valueOf(e.id());
            case SEQ -> LongNode.valueOf(e.seq());
            case TYPE -> TextNode.valueOf(e.type());
            case CREATED_AT -> TextNode.valueOf(Timestamps.format(e.createdAt()));
            case DATA -> dataPath == null ? e.data() : dig(e.data());
            case PREVIOUS -> e.previous() == null ? NullNode.getInstance() : e.previous();
            case RESOURCE -> e.resource() == null ? NullNode.getInstance() : resource(e);
            case RESOURCE_TYPE -> e.resource() == null ? NullNode.getInstance() : TextNode.valueOf(e.resource().type());
            case RESOURCE_ID -> e.resource() == null ? NullNode.getInstance() : TextNode.valueOf(e.resource().id());
            case TENANT -> e.tenant() == null ? NullNode.getInstance() : TextNode.valueOf(e.tenant());
            case LIVEMODE -> BooleanNode.valueOf(o.livemode());
        };
    }

    /** The value as text inside a longer string: strings as they are, no tenant as "", anything else as JSON. */
    String text(StoredEvent e, FormatOptions o) {
        JsonNode v = resolve(e, o);
        if (v.isTextual()) return v.asText();
        return v.isNull() && name == Name.TENANT ? "" : v.toString();
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
