package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.EventTypeConfig;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import java.util.Iterator;
import java.util.Map;

/** What {@code POST /subscriptions/{id}/test} sends (CONTRACT 9): a catalog type and its example, or webhook.test. */
record TestEvent(String type, ObjectNode data) {
    static final String DEFAULT_TYPE = "webhook.test";

    /** @param body the request's JSON object ({} when it had no body) */
    static TestEvent of(JsonNode body, Map<String, EventTypeConfig> catalog, String subscriptionId) {
        for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("eventType")) throw HeraldException.invalid("unknown field \"" + f + "\"; send {\"eventType\": T}");
        }
        JsonNode type = body.get("eventType");
        if (type == null || type.isNull()) {
            return new TestEvent(DEFAULT_TYPE, Json.MAPPER.createObjectNode().put("subscriptionId", subscriptionId)
                    .put("message", "a test event from Herald"));
        }
        if (!type.isTextual()) throw HeraldException.invalid("eventType must be a string");
        EventTypeConfig t = catalog.get(type.asText());
        if (t == null) {
            throw new HeraldException(404, "not_found", "event type \"" + type.asText()
                    + "\" is not in the catalog (event-types: in config.yaml)");
        }
        return new TestEvent(t.name(), t.exampleCopy());
    }
}
