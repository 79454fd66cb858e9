package io.herald.delivery.format;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import io.herald.core.Timestamps;

/** One placeholder, {@code {{data.a.b}}} and friends, resolved against an event to a JSON value (never null). */
record Ref(String name, String[] dataPath) {

    static Ref parse(String text) {
        if (text.startsWith("data.")) return new Ref("data", text.substring(5).split("\\."));
        return new Ref(text, null);
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
            case "livemode" -> BooleanNode.valueOf(o.livemode());
            default -> NullNode.getInstance();
        };
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
