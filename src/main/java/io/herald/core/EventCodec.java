package io.herald.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The journal entry of an event: its public JSON (3.3) plus, when the post was idempotent, the key under
 * {@code _key} so that idempotency survives a restart. The key is never shown to readers.
 */
public final class EventCodec {
    private static final String KEY_FIELD = "_key";

    private EventCodec() {}

    public static byte[] encode(StoredEvent e, String idempotencyKey) {
        ObjectNode n = e.toJson();
        if (idempotencyKey != null) n.put(KEY_FIELD, idempotencyKey);
        return Json.bytes(n);
    }

    public static Decoded decode(byte[] bytes) {
        try {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(bytes);
            String key = n.hasNonNull(KEY_FIELD) ? n.remove(KEY_FIELD).asText() : null;
            return new Decoded(StoredEvent.fromJson(n), key);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable journal entry", e);
        }
    }

    public record Decoded(StoredEvent event, String idempotencyKey) {}
}
