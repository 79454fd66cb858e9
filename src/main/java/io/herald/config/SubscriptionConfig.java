package io.herald.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One subscription as written in config.yaml (CONTRACT 4.1). The override fields are null when absent,
 * meaning "use delivery.*". livemode only shapes the aninix body (default true). tenant is null for the
 * operator's own subscriptions, which get every event (CONTRACT 8). ordered: one delivery in flight at a time, in seq
 * order (CONTRACT 4.4).
 */
public record SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                                 Map<String, String> headers, boolean enabled, Duration timeout,
                                 List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                                 boolean livemode, String tenant, boolean ordered) {
    public SubscriptionConfig {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
        retrySchedule = retrySchedule == null ? null : List.copyOf(retrySchedule);
    }

    /** Not ordered. */
    public SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                              Map<String, String> headers, boolean enabled, Duration timeout,
                              List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                              boolean livemode, String tenant) {
        this(id, url, secret, events, format, headers, enabled, timeout, retrySchedule, disableAfter, livemode, tenant,
                false);
    }

    /** The operator's own (no tenant), not ordered. */
    public SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                              Map<String, String> headers, boolean enabled, Duration timeout,
                              List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                              boolean livemode) {
        this(id, url, secret, events, format, headers, enabled, timeout, retrySchedule, disableAfter, livemode, null);
    }

    public SubscriptionConfig withSecret(String newSecret) {
        return new SubscriptionConfig(id, url, newSecret, events, format, headers, enabled, timeout, retrySchedule,
                disableAfter, livemode, tenant, ordered);
    }

    public SubscriptionConfig withTenant(String newTenant) {
        return new SubscriptionConfig(id, url, secret, events, format, headers, enabled, timeout, retrySchedule,
                disableAfter, livemode, newTenant, ordered);
    }

    @Override
    public String toString() {
        return "SubscriptionConfig[id=" + id + ", url=" + url + ", events=" + events + ", format=" + format
                + (tenant == null ? "" : ", tenant=" + tenant) + (ordered ? ", ordered" : "") + "]";
    }
}
