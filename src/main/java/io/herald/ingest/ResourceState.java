package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** A resource's current state: the data of its last event. */
public record ResourceState(ObjectNode state, long seq, Instant updatedAt) {}
