package io.herald.config;

/** {@code tenants:} (CONTRACT 8); maxSubscriptions caps each tenant's API subscriptions. */
public record TenantsConfig(int maxSubscriptions) {
    public static final int DEFAULT_MAX_SUBSCRIPTIONS = 20;
}
