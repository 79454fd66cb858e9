package io.herald.delivery;

import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.core.TypePattern;
import io.herald.delivery.format.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the dispatcher uses it: config merged with the delivery defaults, patterns compiled,
 * secrets decoded. Immutable; a reload or an API change makes a new one.
 *
 * @param disabledReason null while enabled
 */
public record Subscription(String id, URI url, List<Secret> secrets, List<TypePattern> events, String format,
                           Map<String, String> headers, boolean enabled, String disabledReason, Duration timeout,
                           List<Duration> retrySchedule, double jitter, DeliveryConfig.DisableAfter disableAfter,
                           boolean livemode, String source) {

    public static Subscription fromConfig(SubscriptionConfig c, DeliveryConfig d, String disabledReason) {
        return new Subscription(c.id(), URI.create(c.url()), List.of(Secret.parse(c.secret())),
                c.events().stream().map(TypePattern::of).toList(), c.format(), c.headers(),
                c.enabled() && disabledReason == null, c.enabled() ? disabledReason : "manual",
                c.timeout() != null ? c.timeout() : d.timeout(),
                c.retrySchedule() != null ? c.retrySchedule() : d.retrySchedule(), d.jitter(),
                c.disableAfter() != null ? c.disableAfter() : d.disableAfter(), c.livemode(), "config");
    }

    public boolean matches(String type) {
        return TypePattern.anyMatches(events, type);
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
