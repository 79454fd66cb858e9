package io.herald.config;

import java.time.Duration;
import java.util.List;

/** {@code delivery:}; allowNetworks holds CIDR strings already checked to parse. */
public record DeliveryConfig(int workers, Duration timeout, List<Duration> retrySchedule, double jitter,
                             DisableAfter disableAfter, List<String> allowNetworks) {
    public DeliveryConfig {
        retrySchedule = List.copyOf(retrySchedule);
        allowNetworks = List.copyOf(allowNetworks);
    }

    /** A subscription is disabled when both hold. */
    public record DisableAfter(int failures, Duration period) {}
}
