package io.herald.ingest;

import java.util.List;

/**
 * Where the API's posts go: {@link Ingest} itself on a single node, the replicated log in cluster mode. Both
 * answer once the event is durable and visible to this node's reads, with the same answers (CONTRACT 3.1).
 */
public interface Poster {
    /**
     * Whether every call answers from this process's memory and journal, never waiting on another process or the
     * network: such a poster may run on the thread that read the request, which serves other connections too
     * ({@code api/InlinePosts}). A poster that waits (for a replicated log's acknowledgement) answers false, and
     * its calls run on a pool thread.
     */
    boolean answersLocally();

    /**
     * Every event accepted, or a repeat answered with its first acceptance.
     *
     * @param headerKeys null, or the Idempotency-Key value of each event (null for none)
     * @param batch whether a reused producer id refuses the call as a batch (all of it, each one named) or as one
     *     event
     */
    List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys, boolean batch);

    /** One event; its Idempotency-Key header value or null. */
    default Accepted post(NewEvent e, String idempotencyKey) {
        return postAll(List.of(e), idempotencyKey == null ? null : List.of(idempotencyKey), false).get(0);
    }

    /** A batch; {@code headerKeys} null or one per event. A reused producer id refuses all of it (409). */
    default List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys) {
        return postAll(events, headerKeys, true);
    }
}
