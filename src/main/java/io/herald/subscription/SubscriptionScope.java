package io.herald.subscription;

import io.herald.config.SubscriptionConfig;
import io.herald.core.Caller;
import io.herald.core.HeraldException;
import io.herald.format.Secret;
import java.time.Duration;
import java.util.List;

/**
 * The subscriptions one caller may see and change (CONTRACT 8). The operator sees all of them. A tenant sees only
 * its own API subscriptions: another tenant's, the operator's and config.yaml's answer exactly as a missing id
 * does, so a tenant cannot learn that they exist. Every lookup and change made for an API request goes through
 * here, so a route cannot reach a subscription its caller does not own.
 */
public final class SubscriptionScope {
    private final Subscriptions subscriptions;
    private final Caller caller;

    SubscriptionScope(Subscriptions subscriptions, Caller caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    public Caller caller() {
        return caller;
    }

    public boolean sees(Subscription s) {
        return s != null && (caller.isOperator() || (!s.readOnly() && caller.tenant().equals(s.tenant())));
    }

    public boolean sees(String id) {
        return sees(subscriptions.get(id));
    }

    /** The subscription, or 404 with the same answer whether it is missing or not the caller's. */
    public Subscription require(String id) {
        Subscription s = subscriptions.get(id);
        if (!sees(s)) throw HeraldException.notFound("subscription " + id);
        return s;
    }

    public List<Subscription> all() {
        if (caller.isOperator()) return subscriptions.all();
        return subscriptions.ofTenant(caller.tenant()).stream().filter(s -> !s.readOnly()).toList();
    }

    public Subscription create(SubscriptionConfig c) {
        return subscriptions.create(own(c));
    }

    public Subscription replace(String id, SubscriptionConfig c) {
        return subscriptions.replace(this, id, own(c));
    }

    public void delete(String id) {
        subscriptions.delete(this, id);
    }

    public Subscription enable(String id) {
        return subscriptions.enable(this, id);
    }

    public Subscription disable(String id) {
        return subscriptions.disable(require(id).id(), "manual", null, null);
    }

    public Secret rotate(String id, Duration grace) {
        return subscriptions.rotate(this, id, grace);
    }

    /** The current secret, shown by the one route that may. */
    public Secret secret(String id) {
        return require(id).secrets().get(0).secret();
    }

    /** A tenant's subscriptions are its own: a body may leave tenant out or name the caller's; another is 403. */
    private SubscriptionConfig own(SubscriptionConfig c) {
        if (caller.isOperator()) return c;
        if (c.tenant() != null && !c.tenant().equals(caller.tenant())) {
            throw new HeraldException(403, "forbidden", "tenant: a tenant token manages only its own tenant's subscriptions");
        }
        return c.withTenant(caller.tenant());
    }
}
