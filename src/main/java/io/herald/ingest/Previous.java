package io.herald.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import java.util.Comparator;
import java.util.Iterator;
import java.util.Map;

/** CONTRACT 3.2: for each top-level field that differs, the old value (null where it did not exist). */
final class Previous {
    /**
     * Numbers by value, anything else as Jackson compares it: {@code 30} and {@code 30.0} are one value, as
     * {@code 1.5} and {@code 1.50} are (Jackson's own equality said the first pair differs and the second not).
     */
    private static final Comparator<JsonNode> BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            if (a.canConvertToExactIntegral() && a.canConvertToLong() && b.canConvertToExactIntegral() && b.canConvertToLong()) {
                return Long.compare(a.longValue(), b.longValue()); // the common case, without a BigDecimal each
            }
            return a.decimalValue().compareTo(b.decimalValue());
        }
        return a.equals(b) ? 0 : 1;
    };

    private Previous() {}

    static ObjectNode diff(ObjectNode old, ObjectNode now) {
        ObjectNode previous = Json.MAPPER.createObjectNode();
        if (old == null) return previous;
        for (Iterator<Map.Entry<String, JsonNode>> it = old.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!same(f.getValue(), now.get(f.getKey()))) previous.set(f.getKey(), f.getValue());
        }
        for (Iterator<String> it = now.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!old.has(name)) previous.set(name, NullNode.getInstance());
        }
        return previous;
    }

    /** Jackson's equality first (most fields do not change), then by value, numbers inside objects and arrays too. */
    private static boolean same(JsonNode old, JsonNode now) {
        return now != null && (old.equals(now) || old.equals(BY_VALUE, now));
    }
}
