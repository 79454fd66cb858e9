package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.TypePattern;
import java.util.Map;
import java.util.TreeMap;

/** {@code event-types:}: the catalog (CONTRACT 9), a mapping of type name to its description and example. */
final class EventTypesSection {
    private EventTypesSection() {}

    /** In name order, which is the order the API lists them in. */
    static Map<String, EventTypeConfig> parse(Node types) {
        Map<String, EventTypeConfig> out = new TreeMap<>();
        for (String name : types.keys()) {
            // a type name is a pattern without wildcards: the one grammar of event types, defined in TypePattern
            if (!TypePattern.isValid(name) || name.contains("*")) {
                throw types.error(types.pathOf(name),
                        "\"" + name + "\" is not an event type (1..128 chars of dot-separated segments of [A-Za-z0-9_-])");
            }
            if (name.equals("herald") || name.startsWith("herald.")) {
                throw types.error(types.pathOf(name), "types starting with herald. are Herald's own");
            }
            Node t = types.child(name);
            String description = t.string("description", "");
            JsonNode example = t.raw("example");
            if (example != null && !example.isObject()) {
                throw t.error(t.pathOf("example"), "must be a mapping (an example of the event's data)");
            }
            t.done();
            ObjectNode copy = example == null ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) example).deepCopy();
            out.put(name, new EventTypeConfig(name, description, copy));
        }
        types.done();
        return out;
    }
}
