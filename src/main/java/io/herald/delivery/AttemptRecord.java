package io.herald.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import java.io.IOException;
import java.time.Instant;

/**
 * One line of the delivery log: what happened to a delivery and where it stands after it. Records of one
 * delivery are chained backwards by {@code prev}, the position {@link DeliveryStore#append} answered for its
 * record before, so the whole story of a delivery is read from its newest record without scanning the log.
 *
 * @param attempts attempts made so far, this one included
 * @param base attempts made before the last manual requeue: the retry schedule counts from there
 * @param statusCode null when no HTTP answer came
 * @param nextAttemptAt null unless status is PENDING
 * @param prev the store's position of this delivery's previous record, 0 for its first
 */
public record AttemptRecord(DeliveryId delivery, String eventId, Kind kind, int attempts, int base, Instant at,
                            Integer statusCode, long durationMs, String error, String response,
                            DeliveryStatus status, Instant nextAttemptAt, long prev) {

    /** ATTEMPT: a request went out (or failed to). SKIP: nothing sent (subscription disabled or gone). REQUEUE: queued again by hand. */
    public enum Kind { ATTEMPT, SKIP, REQUEUE }

    public boolean succeeded() {
        return kind == Kind.ATTEMPT && status == DeliveryStatus.SUCCEEDED;
    }

    /** Streamed, not built as a tree: one record per attempt, on the delivery path. */
    public byte[] encode() {
        ByteArrayBuilder out = new ByteArrayBuilder(160);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", delivery.seq());
            g.writeStringField("sub", delivery.subscriptionId());
            g.writeStringField("event", eventId);
            g.writeStringField("kind", kind.name());
            g.writeNumberField("attempt", attempts);
            if (base > 0) g.writeNumberField("base", base);
            g.writeStringField("at", Timestamps.format(at));
            if (statusCode != null) g.writeNumberField("code", statusCode);
            g.writeNumberField("ms", durationMs);
            if (error != null) g.writeStringField("error", error);
            if (response != null) g.writeStringField("response", response);
            g.writeStringField("status", status.name());
            if (nextAttemptAt != null) g.writeStringField("next", Timestamps.format(nextAttemptAt));
            if (prev > 0) g.writeNumberField("prev", prev);
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode a delivery record", e);
        }
        return out.toByteArray();
    }

    public static AttemptRecord decode(byte[] bytes) {
        try {
            JsonNode n = Json.MAPPER.readTree(bytes);
            int attempts = n.get("attempt").asInt();
            // logs written before "kind" existed: a record with attempt 0 was a skip
            Kind kind = n.hasNonNull("kind") ? Kind.valueOf(n.get("kind").asText()) : attempts > 0 ? Kind.ATTEMPT : Kind.SKIP;
            return new AttemptRecord(new DeliveryId(n.get("seq").asLong(), n.get("sub").asText()),
                    n.get("event").asText(), kind, attempts, n.path("base").asInt(0),
                    Timestamps.parse(n.get("at").asText()), n.hasNonNull("code") ? n.get("code").asInt() : null,
                    n.get("ms").asLong(), text(n, "error"), text(n, "response"),
                    DeliveryStatus.valueOf(n.get("status").asText()),
                    n.hasNonNull("next") ? Timestamps.parse(n.get("next").asText()) : null, n.path("prev").asLong(0));
        } catch (IOException e) {
            throw new IllegalStateException("unreadable delivery record", e);
        }
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.get(field).asText() : null;
    }
}
