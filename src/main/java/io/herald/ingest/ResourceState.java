package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/**
 * A resource's current state: the data of its last event.
 *
 * @param tenant that event's tenant, null when it had none (or the state came from a snapshot written before
 *     resources kept it): a tenant's stream shows the state only when it is that tenant's (CONTRACT 8)
 */
public record ResourceState(ObjectNode state, long seq, Instant updatedAt, String tenant) {}
