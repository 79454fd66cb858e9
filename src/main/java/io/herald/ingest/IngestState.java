package io.herald.ingest;

import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest must remember beyond the journal: each resource's state, idempotency keys for 24 h, and the
 * seq of every producer-supplied id. It outlives journal retention through {@link IngestSnapshot}.
 */
public final class IngestState {
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    final Map<String, ResourceState> resources = new ConcurrentHashMap<>();
    final Map<String, Accepted> idempotency = new ConcurrentHashMap<>();
    final Map<String, Long> producerIds = new ConcurrentHashMap<>();
    /** each tenant's last event time, sorted by name for the tenant list's paging (CONTRACT 8) */
    final java.util.concurrent.ConcurrentSkipListMap<String, Instant> tenants = new java.util.concurrent.ConcurrentSkipListMap<>();
    volatile long appliedSeq;

    public ResourceState resource(ResourceRef ref) {
        return resources.get(ref.key());
    }

    public Long seqOfProducerId(String id) {
        return producerIds.get(id);
    }

    /** Tenants that sent events, each with its last event's time, in name order. */
    public java.util.NavigableMap<String, Instant> tenantsLastEvent() {
        return java.util.Collections.unmodifiableNavigableMap(tenants);
    }

    public long appliedSeq() {
        return appliedSeq;
    }

    /** A prior acceptance of this key still inside the window, else null. */
    Accepted idempotent(String key, Instant now) {
        Accepted a = idempotency.get(key);
        return a != null && a.createdAt().plus(IDEMPOTENCY_WINDOW).isAfter(now) ? a : null;
    }

    /** Records an appended event. Called in seq order, under the ingest lock or during recovery. */
    void apply(StoredEvent e, String idempotencyKey) {
        if (e.resource() != null) {
            resources.put(e.resource().key(), new ResourceState(e.data(), e.seq(), e.createdAt()));
        }
        if (e.tenant() != null) tenants.merge(e.tenant(), e.createdAt(), (a, b) -> a.isAfter(b) ? a : b);
        if (idempotencyKey != null) idempotency.put(idempotencyKey, new Accepted(e.id(), e.seq(), e.createdAt(), false));
        if (!e.id().startsWith("evt_") || EventIds.seqOf(e.id()).isEmpty()) producerIds.put(e.id(), e.seq());
        appliedSeq = e.seq();
    }

    /** Forgets idempotency keys past their window and producer ids whose events retention deleted. */
    void prune(Instant now, long firstRetainedSeq) {
        idempotency.values().removeIf(a -> !a.createdAt().plus(IDEMPOTENCY_WINDOW).isAfter(now));
        producerIds.values().removeIf(seq -> seq < firstRetainedSeq);
    }

    /** Retention deleted the events of a tenant whose last one is older than the cutoff: nothing of it is left. */
    void pruneTenants(Instant cutoff) {
        tenants.values().removeIf(last -> last.isBefore(cutoff));
    }
}
