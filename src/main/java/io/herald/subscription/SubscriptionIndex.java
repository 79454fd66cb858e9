package io.herald.subscription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Every subscription, indexed three ways: by id, by tenant, and the operator's (no tenant). Fan-out asks for an
 * event's receivers, which costs the operator's subscriptions plus that tenant's, never all of them (10,000
 * tenants: 20,000 subscriptions, 3 looked at per event). Readers never lock: each tenant's list and the
 * operator's are immutable and swapped whole. Writers are serialised by {@link Subscriptions}; a change touches
 * only the lists it concerns, so it costs the same with 20,000 subscriptions as with one.
 */
final class SubscriptionIndex {
    private final Map<String, Subscription> byId = new ConcurrentHashMap<>();
    /** listing order: config.yaml's in file order, then the API's in creation order; guarded by this */
    private final LinkedHashMap<String, Subscription> ordered = new LinkedHashMap<>();
    private volatile List<Subscription> operator = List.of();
    private final ConcurrentSkipListMap<String, List<Subscription>> byTenant = new ConcurrentSkipListMap<>();

    Subscription get(String id) {
        return byId.get(id);
    }

    synchronized List<Subscription> all() {
        return List.copyOf(ordered.values());
    }

    synchronized int size() {
        return ordered.size();
    }

    /** The operator's subscriptions and those of {@code tenant} (null: the operator's alone). */
    List<Subscription> receivers(String tenant) {
        List<Subscription> own = tenant == null ? null : byTenant.get(tenant);
        List<Subscription> op = operator;
        if (own == null) return op;
        if (op.isEmpty()) return own;
        List<Subscription> out = new ArrayList<>(op.size() + own.size());
        out.addAll(op);
        out.addAll(own);
        return out;
    }

    /** Whether any receiver of an event of {@code tenant} takes {@code type}; {@link #receivers} without the copy. */
    boolean anyReceives(String tenant, String type) {
        for (Subscription s : operator) if (s.matches(type)) return true;
        List<Subscription> own = tenant == null ? null : byTenant.get(tenant);
        if (own != null) for (Subscription s : own) if (s.matches(type)) return true;
        return false;
    }

    /** A tenant's subscriptions (config and API), in listing order. */
    List<Subscription> ofTenant(String tenant) {
        return byTenant.getOrDefault(tenant, List.of());
    }

    /** Tenants with at least one subscription, by name. */
    NavigableMap<String, List<Subscription>> tenants() {
        return java.util.Collections.unmodifiableNavigableMap(byTenant);
    }

    /** Adds or replaces one subscription, keeping its place in every list. */
    synchronized void put(Subscription s) {
        Subscription old = byId.put(s.id(), s);
        ordered.put(s.id(), s);
        if (old != null && !java.util.Objects.equals(old.tenant(), s.tenant())) unlist(old);
        list(s);
    }

    synchronized void remove(String id) {
        Subscription old = byId.remove(id);
        ordered.remove(id);
        if (old != null) unlist(old);
    }

    /** Replaces everything (start, config reload). */
    synchronized void replaceAll(Collection<Subscription> all) {
        Map<String, List<Subscription>> tenants = new java.util.HashMap<>();
        List<Subscription> op = new ArrayList<>();
        ordered.clear();
        for (Subscription s : all) {
            ordered.put(s.id(), s);
            if (s.tenant() == null) op.add(s);
            else tenants.computeIfAbsent(s.tenant(), k -> new ArrayList<>()).add(s);
        }
        byId.keySet().retainAll(ordered.keySet());
        byId.putAll(ordered);
        operator = List.copyOf(op);
        byTenant.keySet().retainAll(tenants.keySet());
        tenants.forEach((t, l) -> byTenant.put(t, List.copyOf(l)));
    }

    private void list(Subscription s) {
        if (s.tenant() == null) operator = replaced(operator, s);
        else byTenant.put(s.tenant(), replaced(byTenant.getOrDefault(s.tenant(), List.of()), s));
    }

    private void unlist(Subscription s) {
        if (s.tenant() == null) {
            operator = without(operator, s.id());
            return;
        }
        List<Subscription> rest = without(byTenant.getOrDefault(s.tenant(), List.of()), s.id());
        if (rest.isEmpty()) byTenant.remove(s.tenant());
        else byTenant.put(s.tenant(), rest);
    }

    /** A copy with {@code s} in place of the entry of the same id, or added at the end. */
    private static List<Subscription> replaced(List<Subscription> list, Subscription s) {
        List<Subscription> out = new ArrayList<>(list.size() + 1);
        boolean found = false;
        for (Subscription x : list) {
            if (x.id().equals(s.id())) {
                out.add(s);
                found = true;
            } else {
                out.add(x);
            }
        }
        if (!found) out.add(s);
        return List.copyOf(out);
    }

    private static List<Subscription> without(List<Subscription> list, String id) {
        return list.stream().filter(x -> !x.id().equals(id)).toList();
    }
}
