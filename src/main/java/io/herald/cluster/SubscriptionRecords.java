package io.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.DeliveryConfig;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import io.herald.subscription.ApiSubscription;
import io.herald.subscription.SubscriptionChanges;
import io.herald.subscription.SubscriptionStore;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The records of {@code PREFIX.subscriptions} ({@link SubscriptionsReplica}) and how one is applied. Three keys per
 * subscription, so that compaction, which keeps the newest record of each key, keeps each fact:
 * <ul>
 *   <li>{@code ID}: {@code {"subscription": {...}, "created": bool}}, the API subscription whole, secrets included
 *       (as in storage.dir/subscriptions.log: who can read the topic can read the secrets); null deletes it;</li>
 *   <li>{@code ID/override}: {@code {"override": "manual"|"gone"|"failures"|"enabled"}}; null: none;</li>
 *   <li>{@code ID/reset}: {@code {"at": ts}}, the start of its failure count; null: nothing to apply.</li>
 * </ul>
 * Ids are {@code [a-z0-9_-]}, so no id ends in {@code /override}.
 */
final class SubscriptionRecords {
    static final String OVERRIDE = "/override";
    static final String RESET = "/reset";

    private final DeliveryConfig delivery;

    SubscriptionRecords(DeliveryConfig delivery) {
        this.delivery = delivery;
    }

    static String overrideKey(String id) {
        return id + OVERRIDE;
    }

    static String resetKey(String id) {
        return id + RESET;
    }

    byte[] put(ApiSubscription s, boolean created) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.set("subscription", SubscriptionStore.toJson(s));
        n.put("created", created);
        return Json.bytes(n);
    }

    byte[] override(String override) {
        return override == null ? null : Json.bytes(Json.MAPPER.createObjectNode().put("override", override));
    }

    byte[] reset(java.time.Instant at) {
        return Json.bytes(Json.MAPPER.createObjectNode().put("at", Timestamps.format(at)));
    }

    /**
     * Applies one record to this node's stores. Every record is a whole value, so applying one twice changes
     * nothing more.
     * @throws IllegalArgumentException for a record Herald did not write
     */
    void apply(String key, byte[] value, SubscriptionChanges local) {
        if (key == null) throw new IllegalArgumentException("a record without a key");
        if (key.endsWith(OVERRIDE)) {
            String id = key.substring(0, key.length() - OVERRIDE.length());
            local.override(id, value == null ? null : text(read(value), "override"));
        } else if (key.endsWith(RESET)) {
            if (value == null) return; // cleared with a delete or create, which forget it themselves
            local.reset(key.substring(0, key.length() - RESET.length()), Timestamps.parse(text(read(value), "at")));
        } else if (value == null) {
            local.remove(List.of(key));
        } else {
            JsonNode n = read(value);
            if (!n.path("subscription").isObject()) throw new IllegalArgumentException("no \"subscription\"");
            ApiSubscription s = SubscriptionStore.fromJson(n.get("subscription"), delivery);
            if (!s.id().equals(key)) throw new IllegalArgumentException("the key is not the subscription's id");
            local.put(s, n.path("created").asBoolean(false));
        }
    }

    private static JsonNode read(byte[] value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
    }

    private static String text(JsonNode n, String field) {
        if (!n.path(field).isTextual()) throw new IllegalArgumentException("no \"" + field + "\"");
        return n.get(field).asText();
    }

    /** The API subscriptions the topic holds, from its records in order. */
    static final class Live {
        private final Set<String> ids = new TreeSet<>();

        void see(String key, byte[] value) {
            if (key == null || key.endsWith(OVERRIDE) || key.endsWith(RESET)) return;
            if (value == null) ids.remove(key);
            else ids.add(key);
        }

        Set<String> ids() {
            return ids;
        }
    }
}
