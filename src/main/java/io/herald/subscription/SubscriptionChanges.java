package io.herald.subscription;

import java.time.Instant;
import java.util.Collection;

/**
 * Where a change to subscriptions made on this node goes: API subscriptions created, replaced, rotated or deleted,
 * and the enable/disable decisions (API routes and auto-disable). Alone on one machine it is this node's own store
 * ({@link Subscriptions#local()}); in cluster mode (CONTRACT 11) a replicated log that every node applies, in one
 * order, to its own store through {@link Subscriptions#local()}.
 *
 * <p>Each method returns once this node's {@link Subscriptions} shows the change (read-your-writes), and is called
 * by {@link Subscriptions} under its lock, which serialises the changes made on this node. An implementation
 * must apply changes (its own and other nodes') through {@link Subscriptions#local()}, which never takes that lock.
 * A change that cannot be stored throws {@link io.herald.core.HeraldException} 503 {@code unavailable}: nothing
 * is shown then (a replicated log that lost only the acknowledgement may still apply it later, as any other).
 */
public interface SubscriptionChanges {
    /**
     * Creates or replaces an API subscription.
     * @param created a create: any enable/disable state left under this id (a deleted namesake's) is forgotten
     */
    void put(ApiSubscription subscription, boolean created);

    /** Deletes these API subscriptions and forgets their enable/disable state; ids that do not exist are ignored. */
    void remove(Collection<String> ids);

    /** Sets the enable/disable override: a disabled reason, {@code "enabled"}, or null for the subscription's own. */
    void override(String id, String override);

    /** Starts the subscription's failure count again from {@code at} (an enable). */
    void reset(String id, Instant at);
}
