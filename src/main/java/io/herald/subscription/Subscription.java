package io.herald.subscription;

import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.core.TypePattern;
import io.herald.format.Secret;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A subscription as the dispatcher uses it: its definition merged with the delivery defaults, patterns compiled,
 * secrets decoded, enabled state settled. Immutable; a reload or an API change makes a new one.
 *
 * @param disabledReason null while enabled
 * @param source "config" or "api"
 * @param createdAt when it was created (API) or first seen (config): the start of its disable-after period
 */
public record Subscription(String id, URI url, List<SecretEntry> secrets, List<TypePattern> events, String format,
                           Map<String, String> headers, boolean enabled, String disabledReason, Duration timeout,
                           List<Duration> retrySchedule, double jitter, DeliveryConfig.DisableAfter disableAfter,
                           boolean livemode, String source, Instant createdAt, SubscriptionConfig config) {

    public static final String CONFIG = "config";
    public static final String API = "api";

    static Subscription of(SubscriptionConfig c, DeliveryConfig d, List<SecretEntry> secrets, String override,
                           String source, Instant createdAt) {
        boolean enabled = override == null ? c.enabled() : SubscriptionStates.ENABLED.equals(override);
        String reason = enabled ? null : override == null ? "manual" : override;
        return new Subscription(c.id(), URI.create(c.url()), List.copyOf(secrets),
                c.events().stream().map(TypePattern::of).toList(), c.format(), c.headers(), enabled, reason,
                c.timeout() != null ? c.timeout() : d.timeout(),
                c.retrySchedule() != null ? c.retrySchedule() : d.retrySchedule(), d.jitter(),
                c.disableAfter() != null ? c.disableAfter() : d.disableAfter(), c.livemode(), source, createdAt, c);
    }

    /** The tenant whose events it gets (CONTRACT 8); null for the operator's own, which get every event. */
    public String tenant() {
        return config.tenant();
    }

    /** One delivery in flight at a time, in seq order (CONTRACT 4.4). */
    public boolean ordered() {
        return config.ordered();
    }

    public boolean matches(String type) {
        return TypePattern.anyMatches(events, type);
    }

    /** The secrets that sign now: the current one and any still in a rotation's grace period. */
    public List<Secret> signingSecrets(Instant now) {
        return secrets.stream().filter(s -> s.validAt(now)).map(SecretEntry::secret).toList();
    }

    public boolean readOnly() {
        return CONFIG.equals(source);
    }

    @Override
    public String toString() {
        return "Subscription[id=" + id + ", url=" + url + ", enabled=" + enabled + "]";
    }
}
