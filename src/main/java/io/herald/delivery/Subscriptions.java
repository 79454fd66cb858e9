package io.herald.delivery;

import io.herald.config.Config;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The current set of subscriptions; swapped whole on a config reload or a state change. */
public final class Subscriptions {
    private final SubscriptionStates states;
    private volatile Config config;
    private volatile Map<String, Subscription> byId = Map.of();

    public Subscriptions(Config config, SubscriptionStates states) {
        this.states = states;
        update(config);
    }

    public synchronized void update(Config config) {
        this.config = config;
        rebuild();
    }

    private void rebuild() {
        Map<String, Subscription> next = new LinkedHashMap<>();
        config.subscriptions().forEach(c ->
                next.put(c.id(), Subscription.fromConfig(c, config.delivery(), states.disabledReason(c.id()))));
        byId = java.util.Collections.unmodifiableMap(next);
    }

    public Subscription get(String id) {
        return byId.get(id);
    }

    public List<Subscription> all() {
        return List.copyOf(byId.values());
    }

    public synchronized void disable(String id, String reason) {
        states.disable(id, reason);
        rebuild();
    }

    public synchronized void enable(String id) {
        states.enable(id);
        rebuild();
    }
}
