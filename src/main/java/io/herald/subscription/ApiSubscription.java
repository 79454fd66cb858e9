package io.herald.subscription;

import io.herald.config.SubscriptionConfig;
import java.time.Instant;
import java.util.List;

/**
 * A subscription made through the API, as stored: its definition (whose {@code secret} is the current one), the
 * secrets still signing beside it after a rotation, and when it was created.
 */
public record ApiSubscription(SubscriptionConfig config, List<SecretEntry> retiring, Instant createdAt) {
    public ApiSubscription {
        retiring = List.copyOf(retiring);
    }

    public String id() {
        return config.id();
    }
}
