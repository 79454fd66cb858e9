package io.herald.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import java.util.Iterator;
import java.util.Map;

/** CONTRACT 3.2: for each top-level field that differs, the old value (null where it did not exist). */
final class Previous {
    private Previous() {}

    static ObjectNode diff(ObjectNode old, ObjectNode now) {
        ObjectNode previous = Json.MAPPER.createObjectNode();
        if (old == null) return previous;
        for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().equals(now.get(f.getKey()))) previous.set(f.getKey(), f.getValue());
        }
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!old.has(name)) previous.set(name, NullNode.getInstance());
        }
        return previous;
    }
}
