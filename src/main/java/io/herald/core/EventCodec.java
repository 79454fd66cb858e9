package io.herald.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The journal entry of an event: its public JSON (3.3) plus two private fields. {@code _key}: the idempotency
 * key of the post, so that idempotency survives a restart. {@code _to}: the one subscription a test event is
 * for. Neither is ever shown to readers.
 */
public final class EventCodec {
    private static final String KEY_FIELD = "_key";
    private static final String TARGET_FIELD = "_to";

    private EventCodec() {}

    public static byte[] encode(StoredEvent e, String idempotencyKey, String target) {
        ObjectNode n = e.toJson();
        if (idempotencyKey != null) n.put(KEY_FIELD, idempotencyKey);
        if (target != null) n.put(TARGET_FIELD, target);
        return Json.bytes(n);
    }

    public static Decoded decode(byte[] bytes) {
        try {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(bytes);
            String key = n.hasNonNull(KEY_FIELD) ? n.remove(KEY_FIELD).asText() : null;
            String target = n.hasNonNull(TARGET_FIELD) ? n.remove(TARGET_FIELD).asText() : null;
            return new Decoded(StoredEvent.fromJson(n), key, target);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable journal entry", e);
        }
    }

    /** @param target null for an event that goes to every matching subscription */
    public record Decoded(StoredEvent event, String idempotencyKey, String target) {}
}
