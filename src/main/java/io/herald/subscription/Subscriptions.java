package io.herald.subscription;

import io.herald.config.Config;
import io.herald.config.ConfigException;
import io.herald.config.SubscriptionConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Caller;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.OpsEvents;
import io.herald.format.Formats;
import io.herald.format.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.NavigableMap;
import java.util.List;

/**
 * Every subscription Herald delivers to: the config file's (read-only here) and the API's ({@link SubscriptionStore}),
 * with the enabled state from {@link SubscriptionStates}, indexed by tenant for fan-out
 * ({@link SubscriptionIndex}). Changes are serialised by this object's lock and touch only the subscription they
 * change; a config reload rebuilds the index whole. The API reaches subscriptions only through
 * {@link #visibleTo}, which decides what a caller may see.
 */
public final class Subscriptions {
    private final SubscriptionStates states;
    private final SubscriptionStore store;
    private final Clock clock;
    private final OpsEvents ops;
    private final SubscriptionHealth health = new SubscriptionHealth();
    private final SecureRandom random = new SecureRandom();
    /** the file Herald runs on (--config), as its errors name it */
    private final String configName;
    private final SubscriptionIndex index = new SubscriptionIndex();
    private final IndexWriter writer;
    private final LocalChanges local;
    private volatile SubscriptionChanges changes;
    private volatile Config config;

    public Subscriptions(Config config, SubscriptionStates states, SubscriptionStore store, Clock clock,
                         OpsEvents ops, String configName) {
        this.configName = configName;
        this.states = states;
        this.store = store;
        this.clock = clock;
        this.ops = ops;
        this.writer = new IndexWriter(index, states, store, clock);
        this.local = new LocalChanges(store, states, writer::refresh);
        this.changes = local;
        checkIds(config);
        this.config = config;
        writer.rebuild(config);
    }

    /**
     * Applies a reloaded config. A file subscription whose {@code enabled} changed loses any override from the
     * enable/disable routes: the newest decision wins.
     * @throws ConfigException when a file subscription takes the id of an API one, or the config drops a format
     *         an API subscription uses (its every event would fail); nothing is applied then
     */
    public synchronized void update(Config next) {
        checkIds(next);
        Formats formats = Formats.of(next.formats());
        for (ApiSubscription a : store.all()) {
            if (!formats.has(a.config().format())) {
                throw new ConfigException(configName + ": formats: \"" + a.config().format() + "\" is used by subscription \""
                        + a.id() + "\" (made through the API): keep the format, or change or delete the subscription first");
            }
        }
        for (SubscriptionConfig c : next.subscriptions()) {
            SubscriptionConfig old = writer.inFile(c.id());
            if (old != null && old.enabled() != c.enabled()) states.setOverride(c.id(), null);
        }
        config = next;
        writer.rebuild(next);
    }

    private void checkIds(Config c) {
        for (int i = 0; i < c.subscriptions().size(); i++) {
            String id = c.subscriptions().get(i).id();
            if (store.get(id) != null) {
                throw new ConfigException(configName + ": subscriptions[" + i + "].id: \"" + id
                        + "\" is already the id of a subscription made through the API");
            }
        }
    }

    /**
     * This node's own stores, which never take this object's lock: the default destination of changes, and where
     * a cluster's replicated log applies every node's changes ({@link SubscriptionChanges}).
     */
    public SubscriptionChanges local() {
        return local;
    }

    /** Where the changes made on this node go from now on (cluster mode); by default {@link #local()}. */
    public void sendChangesTo(SubscriptionChanges changes) {
        this.changes = changes;
    }

    /** Any subscription by id, whoever owns it: for delivery, never for an API answer (see {@link #visibleTo}). */
    public Subscription get(String id) {
        return index.get(id);
    }

    /** Every subscription, for the operator. */
    public List<Subscription> all() {
        return index.all();
    }

    /** Who gets an event of {@code tenant} (null: none): the operator's subscriptions and that tenant's. */
    public List<Subscription> receivers(String tenant) {
        return index.receivers(tenant);
    }

    /** Whether any receiver of an event of {@code tenant} takes {@code type} (enabled or not: a disabled one records a skip). */
    public boolean anyReceives(String tenant, String type) {
        return index.anyReceives(tenant, type);
    }

    /** What {@code caller} may see and change: every route reaches subscriptions through this. */
    public SubscriptionScope visibleTo(Caller caller) {
        return new SubscriptionScope(this, caller);
    }

    /** Tenants that have subscriptions (config or API), by name, each with its subscriptions. */
    public NavigableMap<String, List<Subscription>> tenants() {
        return index.tenants();
    }

    List<Subscription> ofTenant(String tenant) {
        return index.ofTenant(tenant);
    }

    synchronized Subscription create(SubscriptionConfig c) {
        if (index.get(c.id()) != null) throw HeraldException.conflict("subscription " + c.id() + " already exists");
        checkRoom(c.tenant());
        changes.put(new ApiSubscription(secretOrNew(c, null), List.of(), clock.instant()), true);
        return writer.refresh(c.id());
    }

    /** Replaces the definition; the secret stays unless the new one names one. */
    synchronized Subscription replace(SubscriptionScope scope, String id, SubscriptionConfig c) {
        ApiSubscription old = apiOnly(scope, id);
        if (!java.util.Objects.equals(old.config().tenant(), c.tenant())) checkRoom(c.tenant());
        if (old.config().enabled() != c.enabled()) changes.override(id, null);
        changes.put(new ApiSubscription(secretOrNew(c, old.config().secret()), old.retiring(), old.createdAt()), false);
        return writer.refresh(id);
    }

    synchronized void delete(SubscriptionScope scope, String id) {
        apiOnly(scope, id);
        changes.remove(List.of(id));
        writer.refresh(id);
    }

    /** Deletes a tenant's API subscriptions (its config-file ones stay); answers how many. */
    public synchronized int deleteTenant(String tenant) {
        List<String> ids = ofTenant(tenant).stream().filter(s -> !s.readOnly()).map(Subscription::id).toList();
        changes.remove(ids);
        ids.forEach(writer::refresh);
        return ids.size();
    }

    /** tenants.max-subscriptions, checked under the lock that creates: racing creates cannot pass it together. */
    private void checkRoom(String tenant) {
        if (tenant == null) return;
        int max = config.tenants().maxSubscriptions();
        long held = ofTenant(tenant).stream().filter(s -> !s.readOnly()).count();
        if (held >= max) {
            throw new HeraldException(409, "limit_reached", "tenant " + tenant + " already has " + held
                    + " subscriptions, the most tenants.max-subscriptions allows");
        }
    }

    /** A new current secret; the old one keeps signing beside it until the grace period ends. */
    synchronized Secret rotate(SubscriptionScope scope, String id, Duration grace) {
        ApiSubscription old = apiOnly(scope, id);
        Instant now = clock.instant();
        Secret fresh = Secret.generate(random);
        List<SecretEntry> retiring = new ArrayList<>();
        if (!grace.isZero()) retiring.add(new SecretEntry(Secret.parse(old.config().secret()), now.plus(grace)));
        old.retiring().stream().filter(e -> e.validAt(now)).forEach(retiring::add);
        changes.put(new ApiSubscription(old.config().withSecret(fresh.reveal()), retiring, old.createdAt()), false);
        writer.refresh(id);
        return fresh;
    }

    /**
     * Disables it (reason {@code manual}, {@code gone} or {@code failures}) and, if it was enabled, posts
     * {@code herald.subscription.disabled} with the last error seen.
     */
    public Subscription disable(String id, String reason, String lastError, Integer lastStatusCode) {
        boolean was;
        Subscription now;
        synchronized (this) {
            Subscription s = index.get(id);
            if (s == null) throw HeraldException.notFound("subscription " + id);
            was = s.enabled();
            changes.override(id, reason);
            now = writer.refresh(id);
        }
        if (was) {
            ObjectNode data = Json.MAPPER.createObjectNode().put("subscriptionId", id).put("reason", reason);
            data.put("lastError", lastError);
            if (lastStatusCode == null) data.putNull("lastStatusCode");
            else data.put("lastStatusCode", lastStatusCode);
            ops.post("herald.subscription.disabled", data);
        }
        return now;
    }

    /** Enables it whatever its own {@code enabled} says, and starts its failure count again. */
    synchronized Subscription enable(SubscriptionScope scope, String id) {
        Subscription s = scope.require(id);
        changes.override(id, s.config().enabled() ? null : SubscriptionStates.ENABLED);
        changes.reset(id, clock.instant());
        health.reset(id);
        return writer.refresh(id);
    }

    public SubscriptionHealth health() {
        return health;
    }

    /** When the failure count last started again (enable), or null. */
    public Instant resetAt(String id) {
        return states.resetAt(id);
    }

    private ApiSubscription apiOnly(SubscriptionScope scope, String id) {
        Subscription s = scope.require(id);
        if (s.readOnly()) {
            throw HeraldException.readOnly("subscription " + id + " comes from " + configName + ": change it there");
        }
        return store.get(id);
    }

    /** The definition with its own secret, else the one to keep, else a new one. */
    private SubscriptionConfig secretOrNew(SubscriptionConfig c, String keep) {
        return c.withSecret(c.secret() != null ? c.secret() : keep != null ? keep : Secret.generate(random).reveal());
    }
}
