package io.herald.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * The one record every read API, stream and format starts from (CONTRACT 3.3).
 *
 * @param resource null for an event without a resource
 * @param previous null for an event without a resource; {} for a resource's first event
 * @param tenant the customer the event is about (CONTRACT 8), null for none
 */
public record StoredEvent(String id, long seq, String type, Instant createdAt, ResourceRef resource,
                          ObjectNode data, ObjectNode previous, String tenant) {

    /** An event of no tenant. */
    public StoredEvent(String id, long seq, String type, Instant createdAt, ResourceRef resource, ObjectNode data,
                       ObjectNode previous) {
        this(id, seq, type, createdAt, resource, data, previous, null);
    }

    /** The public JSON shape of 3.3. */
    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id);
        n.put("seq", seq);
        n.put("type", type);
        n.put("createdAt", Timestamps.format(createdAt));
        if (resource != null) {
            ObjectNode r = n.putObject("resource");
            r.put("type", resource.type());
            r.put("id", resource.id());
        }
        if (tenant != null) n.put("tenant", tenant);
        n.set("data", data);
        if (previous != null) n.set("previous", previous);
        return n;
    }

    /** The event of a journal entry, whose id and seq the reader knows (they are not always in the entry). */
    public static StoredEvent fromJson(ObjectNode n, String id, long seq) {
        ResourceRef resource = null;
        if (n.hasNonNull("resource")) {
            resource = new ResourceRef(n.get("resource").get("type").asText(), n.get("resource").get("id").asText());
        }
        return new StoredEvent(id, seq, n.get("type").asText(),
                Timestamps.parse(n.get("createdAt").asText()), resource, (ObjectNode) n.get("data"),
                n.hasNonNull("previous") ? (ObjectNode) n.get("previous") : null,
                n.hasNonNull("tenant") ? n.get("tenant").asText() : null); // absent in journals before tenants
    }
}
