package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.ResourceRef;

/** A validated event as posted, before it has a seq. producerId is null when Herald makes the id. */
public record NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId) {}
