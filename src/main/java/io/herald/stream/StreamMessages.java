package io.herald.stream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import io.herald.core.Timestamps;
import java.time.Instant;

/** The JSON a resource stream sends: the aninix body shape (CONTRACT 5.3 and 6). */
final class StreamMessages {
    private StreamMessages() {}

    static byte[] resourceEvent(StoredEvent e) {
        return Json.bytes(shape(e.id(), e.createdAt(), e.type(), e.previous(), e.data()));
    }

    /** The first message of a resource stream: the state now, or null for a resource never seen. */
    static byte[] initiated(String id, Instant now, ObjectNode state) {
        return Json.bytes(shape(id, now, "initiated", null, state));
    }

    private static ObjectNode shape(String id, Instant createdAt, String type, ObjectNode previous, ObjectNode current) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("entity", "event");
        n.put("apiVersion", "1");
        n.put("livemode", true);
        n.put("createdAt", Timestamps.format(createdAt));
        n.put("type", type);
        n.set("previous", previous);
        n.set("current", current);
        return n;
    }
}
