package io.herald.subscription;

import io.herald.config.Config;
import io.herald.config.ConfigException;
import io.herald.config.SubscriptionConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.OpsEvents;
import io.herald.delivery.format.Formats;
import io.herald.delivery.format.Secret;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every subscription Herald delivers to: the config file's (read-only here) and the API's ({@link SubscriptionStore}),
 * with the enabled state from {@link SubscriptionStates}. Readers get an immutable map swapped whole after each
 * change; changes are serialised by this object's lock.
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
    private Config config;
    private volatile Map<String, Subscription> byId = Map.of();

    public Subscriptions(Config config, SubscriptionStates states, SubscriptionStore store, Clock clock,
                         OpsEvents ops, String configName) {
        this.configName = configName;
        this.states = states;
        this.store = store;
        this.clock = clock;
        this.ops = ops;
        checkIds(config);
        this.config = config;
        rebuild();
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
                throw new ConfigException("config.yaml: formats: \"" + a.config().format() + "\" is used by subscription \""
                        + a.id() + "\" (made through the API): keep the format, or change or delete the subscription first");
            }
        }
        Map<String, SubscriptionConfig> before = new LinkedHashMap<>();
        config.subscriptions().forEach(c -> before.put(c.id(), c));
        for (SubscriptionConfig c : next.subscriptions()) {
            SubscriptionConfig old = before.get(c.id());
            if (old != null && old.enabled() != c.enabled()) states.setOverride(c.id(), null);
        }
        config = next;
        rebuild();
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

    private void rebuild() {
        Map<String, Subscription> next = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (SubscriptionConfig c : config.subscriptions()) {
            List<SecretEntry> secrets = List.of(new SecretEntry(Secret.parse(c.secret()), null));
            next.put(c.id(), Subscription.of(c, config.delivery(), secrets, states.override(c.id()),
                    Subscription.CONFIG, states.firstSeen(c.id(), now)));
        }
        for (ApiSubscription a : store.all()) {
            List<SecretEntry> secrets = new ArrayList<>();
            secrets.add(new SecretEntry(Secret.parse(a.config().secret()), null));
            a.retiring().stream().filter(e -> e.validAt(now)).forEach(secrets::add);
            next.put(a.id(), Subscription.of(a.config(), config.delivery(), secrets, states.override(a.id()),
                    Subscription.API, a.createdAt()));
        }
        byId = Collections.unmodifiableMap(next);
    }

    public Subscription get(String id) {
        return byId.get(id);
    }

    /** The subscription, or 404. */
    public Subscription require(String id) {
        Subscription s = byId.get(id);
        if (s == null) throw HeraldException.notFound("subscription " + id);
        return s;
    }

    public List<Subscription> all() {
        return List.copyOf(byId.values());
    }

    public synchronized Subscription create(SubscriptionConfig c) {
        if (byId.containsKey(c.id())) throw HeraldException.conflict("subscription " + c.id() + " already exists");
        store.put(new ApiSubscription(secretOrNew(c, null), List.of(), clock.instant()));
        states.forget(c.id());
        rebuild();
        return byId.get(c.id());
    }

    /** Replaces the definition; the secret stays unless the new one names one. */
    public synchronized Subscription replace(String id, SubscriptionConfig c) {
        ApiSubscription old = apiOnly(id);
        if (old.config().enabled() != c.enabled()) states.setOverride(id, null);
        store.put(new ApiSubscription(secretOrNew(c, old.config().secret()), old.retiring(), old.createdAt()));
        rebuild();
        return byId.get(id);
    }

    public synchronized void delete(String id) {
        apiOnly(id);
        store.remove(id);
        states.forget(id);
        rebuild();
    }

    /** A new current secret; the old one keeps signing beside it until the grace period ends. */
    public synchronized Secret rotate(String id, Duration grace) {
        ApiSubscription old = apiOnly(id);
        Instant now = clock.instant();
        Secret fresh = Secret.generate(random);
        List<SecretEntry> retiring = new ArrayList<>();
        if (!grace.isZero()) retiring.add(new SecretEntry(Secret.parse(old.config().secret()), now.plus(grace)));
        old.retiring().stream().filter(e -> e.validAt(now)).forEach(retiring::add);
        store.put(new ApiSubscription(withSecret(old.config(), fresh.reveal()), retiring, old.createdAt()));
        rebuild();
        return fresh;
    }

    /** The current secret, shown by the one route that may. */
    public Secret secret(String id) {
        return require(id).secrets().get(0).secret();
    }

    /**
     * Disables it (reason {@code manual}, {@code gone} or {@code failures}) and, if it was enabled, posts
     * {@code herald.subscription.disabled} with the last error seen.
     */
    public Subscription disable(String id, String reason, String lastError, Integer lastStatusCode) {
        boolean was;
        Subscription now;
        synchronized (this) {
            was = require(id).enabled();
            states.setOverride(id, reason);
            rebuild();
            now = byId.get(id);
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
    public synchronized Subscription enable(String id) {
        Subscription s = require(id);
        states.setOverride(id, s.config().enabled() ? null : SubscriptionStates.ENABLED);
        states.reset(id, clock.instant());
        health.reset(id);
        rebuild();
        return byId.get(id);
    }

    public SubscriptionHealth health() {
        return health;
    }

    /** When the failure count last started again (enable), or null. */
    public Instant resetAt(String id) {
        return states.resetAt(id);
    }

    private ApiSubscription apiOnly(String id) {
        Subscription s = require(id);
        if (s.readOnly()) {
            throw HeraldException.readOnly("subscription " + id + " comes from " + configName + ": change it there");
        }
        return store.get(id);
    }

    /** The definition with its own secret, else the one to keep, else a new one. */
    private SubscriptionConfig secretOrNew(SubscriptionConfig c, String keep) {
        return withSecret(c, c.secret() != null ? c.secret() : keep != null ? keep : Secret.generate(random).reveal());
    }

    private static SubscriptionConfig withSecret(SubscriptionConfig c, String secret) {
        return new SubscriptionConfig(c.id(), c.url(), secret, c.events(), c.format(), c.headers(), c.enabled(),
                c.timeout(), c.retrySchedule(), c.disableAfter(), c.livemode());
    }
}
