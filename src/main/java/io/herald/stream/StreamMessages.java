package io.herald.stream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.StoredEvent;
import io.herald.core.Timestamps;
import java.io.IOException;
import java.time.Instant;

/**
 * The frames a resource stream sends: {@code id: <seq>}, then one {@code data:} line with the aninix body shape
 * (CONTRACT 5.3 and 6). Written straight into the frame with Jackson's generator, with the mapper's settings: the
 * same bytes as serialising an {@code ObjectNode} of that shape, without building it and copying its JSON into a
 * frame afterwards (P5 spread: a post's frame was a tenth of what it allocated).
 */
final class StreamMessages {
    private StreamMessages() {}

    static byte[] resourceEvent(StoredEvent e) {
        return frame(e.seq(), e.id(), e.createdAt(), e.type(), e.previous(), e.data());
    }

    /** The first message of a resource stream: the state now, or null for a resource never seen. */
    static byte[] initiated(long seq, String id, Instant now, ObjectNode state) {
        return frame(seq, id, now, "initiated", null, state);
    }

    private static byte[] frame(long seq, String id, Instant createdAt, String type, ObjectNode previous,
                                ObjectNode current) {
        return SseFrames.message(seq, b -> {
            JsonGenerator g = b.json();
            g.writeStartObject();
            g.writeStringField("id", id);
            g.writeStringField("entity", "event");
            g.writeStringField("apiVersion", "1");
            g.writeBooleanField("livemode", true);
            g.writeStringField("createdAt", Timestamps.format(createdAt));
            g.writeStringField("type", type);
            node(g, b.provider(), "previous", previous);
            node(g, b.provider(), "current", current);
            g.writeEndObject();
        });
    }

    private static void node(JsonGenerator g, SerializerProvider provider, String name, ObjectNode value)
            throws IOException {
        g.writeFieldName(name);
        if (value == null) g.writeNull();
        else value.serialize(g, provider);
    }
}
