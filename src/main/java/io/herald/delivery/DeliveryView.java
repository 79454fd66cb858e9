package io.herald.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import java.util.List;

/** A delivery as the API shows it (CONTRACT 4.2), folded from its log records, oldest first. */
public record DeliveryView(DeliveryId id, String eventId, DeliveryStatus status, List<AttemptRecord> records) {

    public static DeliveryView of(List<AttemptRecord> records) {
        AttemptRecord last = records.get(records.size() - 1);
        return new DeliveryView(last.delivery(), last.eventId(), last.status(), List.copyOf(records));
    }

    /** When its newest record happened. */
    public java.time.Instant lastAt() {
        return records.get(records.size() - 1).at();
    }

    /** A delivery that has no record yet (just made by the test route). */
    public static ObjectNode pending(DeliveryId id, String eventId, java.time.Instant due) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id.toString());
        n.put("eventId", eventId);
        n.put("subscriptionId", id.subscriptionId());
        n.put("status", DeliveryStatus.PENDING.wire());
        n.putArray("attempts");
        n.put("nextAttemptAt", Timestamps.format(due));
        return n;
    }

    /** One attempt as the API shows it: {"at", "statusCode", "durationMs", "error", "response"}. */
    public static ObjectNode attempt(AttemptRecord r) {
        ObjectNode a = Json.MAPPER.createObjectNode();
        a.put("at", Timestamps.format(r.at()));
        if (r.statusCode() == null) a.putNull("statusCode");
        else a.put("statusCode", r.statusCode());
        a.put("durationMs", r.durationMs());
        if (r.error() == null) a.putNull("error");
        else a.put("error", r.error());
        if (r.response() == null) a.putNull("response");
        else a.put("response", r.response());
        return a;
    }

    public ObjectNode toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", id.toString());
        n.put("eventId", eventId);
        n.put("subscriptionId", id.subscriptionId());
        n.put("status", status.wire());
        ArrayNode attempts = n.putArray("attempts");
        for (AttemptRecord r : records) {
            if (r.kind() == AttemptRecord.Kind.ATTEMPT) attempts.add(attempt(r));
        }
        AttemptRecord last = records.get(records.size() - 1);
        if (last.nextAttemptAt() == null) n.putNull("nextAttemptAt");
        else n.put("nextAttemptAt", Timestamps.format(last.nextAttemptAt()));
        if (status == DeliveryStatus.SKIPPED && last.error() != null) n.put("reason", last.error());
        return n;
    }
}
