package io.herald.config;

import io.herald.format.FormatConfig;
import java.util.List;
import java.util.Map;

/** The whole config.yaml, validated: an immutable tree (CONTRACT section 2). */
public record Config(ServerConfig server, StorageConfig storage, AuthConfig auth, DeliveryConfig delivery,
                     Map<String, FormatConfig> formats, Map<String, EventTypeConfig> eventTypes,
                     List<SubscriptionConfig> subscriptions, TenantsConfig tenants) {
    public Config {
        formats = Map.copyOf(formats);
        eventTypes = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(eventTypes));
        subscriptions = List.copyOf(subscriptions);
    }
}
