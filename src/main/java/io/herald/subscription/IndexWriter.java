package io.herald.subscription;

import io.herald.config.Config;
import io.herald.config.SubscriptionConfig;
import io.herald.format.Secret;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one writer of the {@link SubscriptionIndex}: builds each {@link Subscription} from its definition (the config
 * file's, or the API's in {@link SubscriptionStore}) and its state ({@link SubscriptionStates}). Each read of the
 * stores goes with its write to the index under one lock: changes applied from a cluster's log come on another
 * thread than the API's, which holds {@link Subscriptions}' lock while it waits for them.
 */
final class IndexWriter {
    private final SubscriptionIndex index;
    private final SubscriptionStates states;
    private final SubscriptionStore store;
    private final Clock clock;
    private final Object lock = new Object();
    private volatile Config config;
    private volatile Map<String, SubscriptionConfig> fromFile = Map.of();

    IndexWriter(SubscriptionIndex index, SubscriptionStates states, SubscriptionStore store, Clock clock) {
        this.index = index;
        this.states = states;
        this.store = store;
        this.clock = clock;
    }

    /** Rebuilds the index whole from {@code config}'s subscriptions and the API's. */
    void rebuild(Config config) {
        synchronized (lock) {
            this.config = config;
            Map<String, SubscriptionConfig> file = new LinkedHashMap<>();
            List<Subscription> all = new ArrayList<>();
            Instant now = clock.instant();
            for (SubscriptionConfig c : config.subscriptions()) {
                file.put(c.id(), c);
                all.add(fromFile(c, now));
            }
            for (ApiSubscription a : store.all()) all.add(fromApi(a, now));
            fromFile = file;
            index.replaceAll(all);
        }
    }

    /** Rebuilds one subscription after a change to it; null once it is gone. */
    Subscription refresh(String id) {
        synchronized (lock) {
            Instant now = clock.instant();
            SubscriptionConfig c = fromFile.get(id);
            ApiSubscription a = c == null ? store.get(id) : null;
            if (c == null && a == null) {
                index.remove(id);
                return null;
            }
            Subscription s = c != null ? fromFile(c, now) : fromApi(a, now);
            index.put(s);
            return s;
        }
    }

    /** The config file's definition of {@code id} as the index has it, or null. */
    SubscriptionConfig inFile(String id) {
        return fromFile.get(id);
    }

    private Subscription fromFile(SubscriptionConfig c, Instant now) {
        List<SecretEntry> secrets = List.of(new SecretEntry(Secret.parse(c.secret()), null));
        return Subscription.of(c, config.delivery(), secrets, states.override(c.id()), Subscription.CONFIG,
                states.firstSeen(c.id(), now));
    }

    private Subscription fromApi(ApiSubscription a, Instant now) {
        List<SecretEntry> secrets = new ArrayList<>();
        secrets.add(new SecretEntry(Secret.parse(a.config().secret()), null));
        a.retiring().stream().filter(e -> e.validAt(now)).forEach(secrets::add);
        return Subscription.of(a.config(), config.delivery(), secrets, states.override(a.id()), Subscription.API,
                a.createdAt());
    }
}
