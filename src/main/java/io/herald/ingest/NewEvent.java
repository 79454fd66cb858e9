package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.ResourceRef;

/**
 * A validated event as posted, before it has a seq. producerId is null when Herald makes the id; target names
 * the one subscription a test event goes to (null: every matching subscription); tenant names the customer the
 * event is about (null: none, so only the operator's subscriptions get it).
 */
public record NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId, String target,
                       String tenant) {
    public NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId) {
        this(type, data, resource, producerId, null, null);
    }

    public NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId, String target) {
        this(type, data, resource, producerId, target, null);
    }
}
