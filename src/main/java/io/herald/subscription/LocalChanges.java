package io.herald.subscription;

import java.time.Instant;
import java.util.Collection;
import java.util.function.Consumer;

/**
 * The changes written to this node's own files ({@link SubscriptionStore}, {@link SubscriptionStates}), then shown
 * in the index: what a single node does with a change, and what a cluster node does with each change it applies
 * from the replicated log. Never takes the {@link Subscriptions} lock.
 */
final class LocalChanges implements SubscriptionChanges {
    private final SubscriptionStore store;
    private final SubscriptionStates states;
    private final Consumer<String> refresh;

    LocalChanges(SubscriptionStore store, SubscriptionStates states, Consumer<String> refresh) {
        this.store = store;
        this.states = states;
        this.refresh = refresh;
    }

    @Override
    public void put(ApiSubscription s, boolean created) {
        store.put(s);
        if (created) states.forget(s.id());
        refresh.accept(s.id());
    }

    @Override
    public void remove(Collection<String> ids) {
        store.removeAll(ids);
        ids.forEach(states::forget);
        ids.forEach(refresh);
    }

    @Override
    public void override(String id, String override) {
        states.setOverride(id, override);
        refresh.accept(id);
    }

    @Override
    public void reset(String id, Instant at) {
        states.reset(id, at);
        refresh.accept(id);
    }
}
