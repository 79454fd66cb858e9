package io.herald.config;

import java.util.List;
import java.util.Map;

/** The whole config.yaml, validated: an immutable tree (CONTRACT section 2). */
public record Config(ServerConfig server, StorageConfig storage, AuthConfig auth, DeliveryConfig delivery,
                     Map<String, FormatConfig> formats, List<SubscriptionConfig> subscriptions, TenantsConfig tenants) {
    public Config {
        formats = Map.copyOf(formats);
        subscriptions = List.copyOf(subscriptions);
    }
}
