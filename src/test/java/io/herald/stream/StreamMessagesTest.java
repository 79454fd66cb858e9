package io.herald.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import io.herald.core.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StreamMessagesTest {

    /** The frame as it was made before it was written straight: an ObjectNode of the shape, serialised, framed. */
    static String framedTree(long seq, String id, Instant at, String type, ObjectNode previous, ObjectNode current) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("entity", "event");
        n.put("apiVersion", "1");
        n.put("livemode", true);
        n.put("createdAt", Timestamps.format(at));
        n.put("type", type);
        n.set("previous", previous);
        n.set("current", current);
        return "id: " + seq + "\ndata: " + new String(Json.bytes(n), StandardCharsets.UTF_8) + "\n\n";
    }

    static ObjectNode json(String s) throws Exception {
        return (ObjectNode) Json.MAPPER.readTree(s);
    }

    @Test
    void a_resource_event_frame_is_byte_for_byte_what_serialising_its_shape_gives() throws Exception {
        Instant at = Instant.parse("2026-11-30T21:30:00.123Z");
        ObjectNode data = json("{\"p\":0.5,\"big\":12345678901234567890,\"s\":\"caf\\u00e9 \\\"q\\\" \\n \\u2028 </script>\","
                + "\"a\":[1,{\"b\":null}],\"e\":{},\"t\":true}");
        ObjectNode previous = json("{\"p\":0.25,\"gone\":null}");
        StoredEvent e = new StoredEvent("evt_0001\u00e9", 42, "render.\"progress\"", at, new ResourceRef("jobs", "7"), data, previous, null);
        assertEquals(framedTree(42, e.id(), at, e.type(), previous, data), new String(StreamMessages.resourceEvent(e), StandardCharsets.UTF_8));
    }

    @Test
    void an_initiated_frame_of_a_resource_never_seen_has_null_current() throws Exception {
        Instant at = Instant.parse("2026-11-30T21:30:00Z");
        assertEquals(framedTree(0, "evt_x", at, "initiated", null, null), new String(StreamMessages.initiated(0, "evt_x", at, null), StandardCharsets.UTF_8));
        ObjectNode state = json("{\"progress\":1}");
        assertEquals(framedTree(9, "evt_y", at, "initiated", null, state), new String(StreamMessages.initiated(9, "evt_y", at, state), StandardCharsets.UTF_8));
    }
}
