package io.herald.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One subscription as written in config.yaml (CONTRACT 4.1). The override fields are null when absent,
 * meaning "use delivery.*". livemode only shapes the aninix body (default true).
 */
public record SubscriptionConfig(String id, String url, String secret, List<String> events, String format,
                                 Map<String, String> headers, boolean enabled, Duration timeout,
                                 List<Duration> retrySchedule, DeliveryConfig.DisableAfter disableAfter,
                                 boolean livemode) {
    public SubscriptionConfig {
        events = List.copyOf(events);
        headers = Map.copyOf(headers);
        retrySchedule = retrySchedule == null ? null : List.copyOf(retrySchedule);
    }

    @Override
    public String toString() {
        return "SubscriptionConfig[id=" + id + ", url=" + url + ", events=" + events + ", format=" + format + "]";
    }
}
