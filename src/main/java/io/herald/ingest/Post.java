package io.herald.ingest;

import io.herald.core.EventIds;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A post as the receiving node made it final, before any order is given to it: the validated event, its
 * idempotency key (already scoped to the tenant) and the random tail of the id Herald makes (null when the
 * producer chose the id). Everything ingest decides about it ({@link Ingest#apply}) follows from this, the state
 * before it and its createdAt: in cluster mode every node applies the same posts in the same order, so all of
 * them decide alike.
 *
 * @param key the scoped idempotency key ({@link #keyOf}), or null
 * @param idTail 10 base-62 digits, or null when {@code event.producerId()} is set
 */
public record Post(NewEvent event, String key, String idTail) {
    public Post {
        if ((idTail == null) == (event.producerId() == null)) {
            throw new IllegalArgumentException("a post has either a producer id or an id tail");
        }
    }

    /** A post of {@code e} with the Idempotency-Key header value it came with (null: none), and a fresh tail. */
    public static Post of(NewEvent e, String headerKey, RandomGenerator random) {
        return new Post(e, keyOf(e, headerKey), e.producerId() != null ? null : EventIds.tail(random));
    }

    /**
     * Idempotency-Key values are the producer's per tenant: acme's "job-1" is not globex's. A tenant name holds no
     * '/', so "tkey:acme/job-1" cannot be any other tenant's key, and the operator's keys keep their old form.
     * A producer id is an event id, unique across tenants.
     */
    static String keyOf(NewEvent e, String headerKey) {
        if (headerKey != null) return e.tenant() == null ? "key:" + headerKey : "tkey:" + e.tenant() + "/" + headerKey;
        return e.producerId() == null ? null : Ingest.PRODUCER_ID + e.producerId();
    }

    /** Each event's key ({@link #keyOf}), null for none; {@code headerKeys} null or one per event. */
    static List<String> keysOf(List<NewEvent> events, List<String> headerKeys) {
        List<String> keys = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            keys.add(keyOf(events.get(i), headerKeys == null ? null : headerKeys.get(i)));
        }
        return keys;
    }
}
