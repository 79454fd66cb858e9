package io.herald.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.ConfigException;
import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.config.SubscriptionJson;
import io.herald.core.AtomicFile;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import io.herald.delivery.format.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
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

    public SubscriptionStore(Path file, DeliveryConfig delivery) {
        this.file = file;
        if (!Files.exists(file)) return;
        try {
            for (JsonNode n : Json.MAPPER.readTree(file.toFile()).path("subscriptions")) {
                ApiSubscription s = read(n, delivery);
                byId.put(s.id(), s);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (ConfigException e) {
            throw new IllegalStateException(file + " holds a subscription Herald cannot read: " + e.getMessage(), e);
        }
    }

    private static ApiSubscription read(JsonNode n, DeliveryConfig delivery) {
        ObjectNode def = n.get("subscription").deepCopy();
        SubscriptionConfig c = SubscriptionJson.read(def, delivery, null);
        List<SecretEntry> retiring = new ArrayList<>();
        for (JsonNode r : n.path("retiring")) {
            retiring.add(new SecretEntry(Secret.parse(r.get("secret").asText()),
                    Timestamps.parse(r.get("expiresAt").asText())));
        }
        return new ApiSubscription(c, retiring, Timestamps.parse(n.get("createdAt").asText()));
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
