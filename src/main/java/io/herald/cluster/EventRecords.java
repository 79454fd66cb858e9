package io.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.ResourceRef;
import io.herald.ingest.NewEvent;
import io.herald.ingest.Post;
import java.io.IOException;

/**
 * The value of a {@code PREFIX.events} record: a {@link Post} as the receiving node made it final, as JSON, and
 * the token by which that node finds its own record again when its replica applies it. No seq, no createdAt, no
 * {@code previous}: each node derives them from the record's offset and time and the records before it.
 */
final class EventRecords {
    private EventRecords() {}

    /** A record's post and the poster's token (null when the token is missing: a record from elsewhere). */
    record Read(Post post, String origin) {}

    static byte[] encode(Post p, String origin) {
        NewEvent e = p.event();
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("v", 1);
        n.put("type", e.type());
        if (e.producerId() != null) n.put("id", e.producerId());
        if (p.idTail() != null) n.put("tail", p.idTail());
        if (e.resource() != null) {
            ObjectNode r = n.putObject("resource");
            r.put("type", e.resource().type());
            r.put("id", e.resource().id());
        }
        if (e.tenant() != null) n.put("tenant", e.tenant());
        if (e.target() != null) n.put("to", e.target());
        if (p.key() != null) n.put("key", p.key());
        n.put("origin", origin);
        n.set("data", e.data());
        return Json.bytes(n);
    }

    /** @throws IllegalArgumentException for a value that is not a post Herald wrote */
    static Read decode(byte[] value) {
        try {
            JsonNode n = Json.MAPPER.readTree(value);
            if (n == null || !n.isObject() || !n.path("data").isObject() || !n.hasNonNull("type")) {
                throw new IllegalArgumentException("not an event record");
            }
            JsonNode r = n.get("resource");
            ResourceRef resource = r == null ? null : new ResourceRef(r.path("type").asText(), r.path("id").asText());
            NewEvent e = new NewEvent(n.get("type").asText(), (ObjectNode) n.get("data"), resource, text(n, "id"),
                    text(n, "to"), text(n, "tenant"));
            return new Read(new Post(e, text(n, "key"), text(n, "tail")), text(n, "origin"));
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
