package io.herald.ingest;

import io.herald.core.EventIds;
import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What ingest must remember beyond the journal: each resource's state, idempotency keys for 24 h, and the
 * seq of every producer-supplied id. It outlives journal retention through {@link IngestSnapshot}.
 */
public final class IngestState {
    public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

    final Map<String, ResourceState> resources = new ConcurrentHashMap<>();
    final Map<String, Accepted> idempotency = new ConcurrentHashMap<>();
    final Map<String, Long> producerIds = new ConcurrentHashMap<>();
    /** each tenant's newest event, sorted by name for the tenant list's paging (CONTRACT 8) */
    final ConcurrentSkipListMap<String, LastEvent> tenants = new ConcurrentSkipListMap<>();
    volatile long appliedSeq;

    public ResourceState resource(ResourceRef ref) {
        return resources.get(ref.key());
    }

    public Long seqOfProducerId(String id) {
        return producerIds.get(id);
    }

    /** Tenants with events Herald still holds, each with its newest, in name order. */
    public NavigableMap<String, LastEvent> tenantsLastEvent() {
        return Collections.unmodifiableNavigableMap(tenants);
    }

    /** A prior acceptance of this key still inside the window, else null. */
    Accepted idempotent(String key, Instant now) {
        Accepted a = idempotency.get(key);
        return a != null && a.createdAt().plus(IDEMPOTENCY_WINDOW).isAfter(now) ? a : null;
    }

    /** Records an appended event. Called in seq order, under the ingest lock or during recovery. */
    void apply(StoredEvent e, String idempotencyKey) {
        if (e.resource() != null) {
            resources.put(e.resource().key(), new ResourceState(e.data(), e.seq(), e.createdAt(), e.tenant()));
        }
        if (e.tenant() != null) tenants.put(e.tenant(), new LastEvent(e.seq(), e.createdAt()));
        Accepted a = null;
        if (idempotencyKey != null) {
            a = new Accepted(e.id(), e.seq(), e.createdAt(), false);
            idempotency.put(idempotencyKey, a);
        }
        if (producerMade(e)) {
            producerIds.put(e.id(), e.seq());
            // a repeat of the producer id is a duplicate for 24 h even when the first post had an Idempotency-Key
            String idKey = Ingest.PRODUCER_ID + e.id();
            if (!idKey.equals(idempotencyKey)) {
                idempotency.put(idKey, a != null ? a : new Accepted(e.id(), e.seq(), e.createdAt(), false));
            }
        }
        appliedSeq = e.seq();
    }

    /**
     * Whether the producer chose this id. Herald's own ids carry their seq; a producer id in the same shape but
     * naming another seq is the producer's, and only this map finds it (GET /events/{id} read the wrong seq).
     */
    private static boolean producerMade(StoredEvent e) {
        if (!e.id().startsWith("evt_")) return true;
        OptionalLong seq = EventIds.seqOf(e.id());
        return seq.isEmpty() || seq.getAsLong() != e.seq();
    }

    /**
     * Forgets idempotency keys past their window, and producer ids and tenants whose events (a tenant's newest
     * one) retention deleted.
     */
    void prune(Instant now, long firstRetainedSeq) {
        idempotency.values().removeIf(a -> !a.createdAt().plus(IDEMPOTENCY_WINDOW).isAfter(now));
        producerIds.values().removeIf(seq -> seq < firstRetainedSeq);
        tenants.values().removeIf(last -> last.seq() < firstRetainedSeq);
    }
}
