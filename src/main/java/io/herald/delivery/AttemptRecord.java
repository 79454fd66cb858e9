package io.herald.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import java.io.IOException;
import java.time.Instant;

/**
 * One line of the delivery log: what an attempt did and where the delivery stands after it. A record with
 * {@code attempt == 0} carries no attempt (a skip, or a manual requeue).
 *
 * @param statusCode null when no HTTP answer came
 * @param nextAttemptAt null unless status is PENDING
 */
public record AttemptRecord(DeliveryId delivery, String eventId, int attempt, Instant at, Integer statusCode,
                            long durationMs, String error, String response, DeliveryStatus status,
                            Instant nextAttemptAt) {

    public byte[] encode() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("seq", delivery.seq());
        n.put("sub", delivery.subscriptionId());
        n.put("event", eventId);
        n.put("attempt", attempt);
        n.put("at", Timestamps.format(at));
        if (statusCode != null) n.put("code", statusCode);
        n.put("ms", durationMs);
        if (error != null) n.put("error", error);
        if (response != null) n.put("response", response);
        n.put("status", status.name());
        if (nextAttemptAt != null) n.put("next", Timestamps.format(nextAttemptAt));
        return Json.bytes(n);
    }

    public static AttemptRecord decode(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            return new AttemptRecord(new DeliveryId(n.get("seq").asLong(), n.get("sub").asText()),
                    n.get("event").asText(), n.get("attempt").asInt(), Timestamps.parse(n.get("at").asText()),
                    n.hasNonNull("code") ? n.get("code").asInt() : null, n.get("ms").asLong(),
                    text(n, "error"), text(n, "response"), DeliveryStatus.valueOf(n.get("status").asText()),
                    n.hasNonNull("next") ? Timestamps.parse(n.get("next").asText()) : null);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable delivery record", e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
