package io.herald.ingest;

import java.util.List;

/**
 * Where the API's posts go: {@link Ingest} itself on a single node, the replicated log in cluster mode. Both
 * answer once the event is durable and visible to this node's reads, with the same answers (CONTRACT 3.1).
 */
public interface Poster {
    /** One event; its Idempotency-Key header value or null. */
    Accepted post(NewEvent e, String idempotencyKey);

    /** A batch; {@code headerKeys} null or one per event. A reused producer id refuses all of it (409). */
    List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys);
}
