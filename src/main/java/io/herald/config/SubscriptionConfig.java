package io.herald.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One subscription as written in config.yaml (CONTRACT 4.1). The override fields are null when absent,
 * meaning "use delivery.*". livemode only shapes the aninix body (default true). tenant is null for the
 * operator's own subscriptions, which get every event (CONTRACT 8).
 */
public record SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                                 Map<String, String> headers, boolean enabled, Duration timeout,
                                 List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                                 boolean livemode, String tenant) {
    public SubscriptionConfig {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
        retrySchedule = retrySchedule == null ? null : List.copyOf(retrySchedule);
    }

    /** The operator's own (no tenant). */
    public SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                              Map<String, String> headers, boolean enabled, Duration timeout,
                              List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                              boolean livemode) {
        this(id, url, secret, events, format, headers, enabled, timeout, retrySchedule, disableAfter, livemode, null);
    }

    public SubscriptionConfig withSecret(String newSecret) {
        return new SubscriptionConfig(id, url, newSecret, events, format, headers, enabled, timeout, retrySchedule,
                disableAfter, livemode, tenant);
    }

    public SubscriptionConfig withTenant(String newTenant) {
        return new SubscriptionConfig(id, url, secret, events, format, headers, enabled, timeout, retrySchedule,
                disableAfter, livemode, newTenant);
    }

    @Override
    public String toString() {
        return "SubscriptionConfig[id=" + id + ", url=" + url + ", events=" + events + ", format=" + format
                + (tenant == null ? "" : ", tenant=" + tenant) + "]";
    }
}
