package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.ResourceRef;

/**
 * A validated event as posted, before it has a seq. producerId is null when Herald makes the id; target names
 * the one subscription a test event goes to (null: every matching subscription); tenant names the customer the
 * event is about (null: none, so only the operator's subscriptions get it). dataJson is data's JSON as the
 * producer sent it (compacted), which ingest journals as it is; null when there is none, and ingest serialises
 * {@code data}.
 */
public record NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId, String target,
                       String tenant, byte[] dataJson) {
    public NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId, String target,
                    String tenant) {
        this(type, data, resource, producerId, target, tenant, null);
    }

    public NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId) {
        this(type, data, resource, producerId, null, null);
    }

    public NewEvent(String type, ObjectNode data, ResourceRef resource, String producerId, String target) {
        this(type, data, resource, producerId, target, null);
    }
}
