package io.herald.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.config.SubscriptionJson;
import io.herald.core.AtomicFile;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.StateException;
import io.herald.core.StateFile;
import io.herald.core.Timestamps;
import io.herald.delivery.format.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subscriptions made through the API, in {@code storage.dir/subscriptions.json}. Every change rewrites the
 * file with {@link AtomicFile}: after a crash it holds the whole change or none of it. Small by nature (a few
 * hundred subscriptions at most), so whole-file writes cost nothing that matters.
 */
public final class SubscriptionStore {
    private final Path file;
    private final Map<String, ApiSubscription> byId = new LinkedHashMap<>();

    /** What a user can do about a damaged file: it cannot be rebuilt, so Herald never starts over it. */
    private static final String REMEDY = "; it holds the API subscriptions and their secrets, which Herald cannot"
            + " rebuild: restore it from a backup, or move it away to start without API subscriptions";

    /**
     * Loads the file; none is a fresh start.
     * @throws StateException when the file is there but cannot be read whole: starting without it would lose every
     *         API subscription for good at the next change, which rewrites the file
     */
    public SubscriptionStore(Path file, DeliveryConfig delivery) {
        this.file = file;
        try {
            ObjectNode root = StateFile.readObject(file);
            if (root == null) return;
            JsonNode list = StateFile.required(root, "subscriptions", "the file");
            if (!list.isArray()) throw new StateFile.Damaged("\"subscriptions\" is not a list");
            for (int i = 0; i < list.size(); i++) {
                ApiSubscription s = read(list.get(i), delivery, "subscriptions[" + i + "]");
                byId.put(s.id(), s);
            }
        } catch (StateFile.Damaged e) {
            throw new StateException(file, e.getMessage() + REMEDY);
        }
    }

    private static ApiSubscription read(JsonNode n, DeliveryConfig delivery, String where) throws StateFile.Damaged {
        try {
            SubscriptionConfig c = SubscriptionJson.read(StateFile.required(n, "subscription", where).deepCopy(), delivery,
                    null);
            List<SecretEntry> retiring = new ArrayList<>();
            for (JsonNode r : n.path("retiring")) {
                retiring.add(new SecretEntry(Secret.parse(StateFile.required(r, "secret", where + ".retiring").asText()),
                        Timestamps.parse(StateFile.required(r, "expiresAt", where + ".retiring").asText())));
            }
            return new ApiSubscription(c, retiring, Timestamps.parse(StateFile.required(n, "createdAt", where).asText()));
        } catch (RuntimeException e) { // ConfigException names the field; a bad secret or timestamp says what it is
            throw new StateFile.Damaged(where + " cannot be read: " + e.getMessage());
        }
    }

    synchronized Collection<ApiSubscription> all() {
        return List.copyOf(byId.values());
    }

    synchronized ApiSubscription get(String id) {
        return byId.get(id);
    }

    synchronized void put(ApiSubscription s) {
        Map<String, ApiSubscription> next = new LinkedHashMap<>(byId);
        next.put(s.id(), s);
        save(next);
    }

    synchronized void remove(String id) {
        Map<String, ApiSubscription> next = new LinkedHashMap<>(byId);
        if (next.remove(id) != null) save(next);
    }

    /** Writes first, then changes the map: a failed write leaves memory and disk agreeing. */
    private void save(Map<String, ApiSubscription> next) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode list = root.putArray("subscriptions");
        for (ApiSubscription s : next.values()) {
            ObjectNode n = list.addObject();
            n.set("subscription", SubscriptionJson.write(s.config(), true));
            ArrayNode retiring = n.putArray("retiring");
            for (SecretEntry e : s.retiring()) {
                retiring.addObject().put("secret", e.secret().reveal()).put("expiresAt", Timestamps.format(e.expiresAt()));
            }
            n.put("createdAt", Timestamps.format(s.createdAt()));
        }
        try {
            AtomicFile.write(file, Json.bytes(root));
        } catch (IOException e) {
            throw HeraldException.unavailable("cannot save the subscription: " + e.getMessage(), e);
        }
        byId.clear();
        byId.putAll(next);
    }
}
