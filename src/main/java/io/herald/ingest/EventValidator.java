package io.herald.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.HeraldException;
import io.herald.core.ResourceRef;
import io.herald.core.TenantName;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Turns a posted JSON object into a {@link NewEvent}, or says exactly what is wrong (CONTRACT 3.1). */
public final class EventValidator {
    private static final Set<String> FIELDS = Set.of("type", "data", "resource", "id", "tenant");

    private EventValidator() {}

    /** @param allowHerald true only for Herald's own operational events */
    public static NewEvent validate(JsonNode node, boolean allowHerald) {
        return validate(node, allowHerald, Map.of());
    }

    /** @param dataJson the JSON each data object was sent as, by identity ({@code RequestJson.parseEvents}) */
    public static NewEvent validate(JsonNode node, boolean allowHerald, Map<JsonNode, byte[]> dataJson) {
        if (node == null || !node.isObject()) throw HeraldException.invalid("an event must be a JSON object");
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw HeraldException.invalid("unknown field \"" + f + "\"");
        }
        JsonNode type = node.get("type");
        if (type == null || type.isNull()) throw HeraldException.invalid("type is required");
        if (!type.isTextual()) throw HeraldException.invalid("type must be a string");
        String t = type.asText();
        if (!Chars.isType(t)) {
            throw HeraldException.invalid("type must be 1..128 chars of dot-separated segments of [A-Za-z0-9_-]");
        }
        if (!allowHerald && (t.equals("herald") || t.startsWith("herald."))) {
            throw HeraldException.invalid("types starting with herald. are reserved for Herald's own events");
        }
        JsonNode data = node.get("data");
        if (data == null || data.isNull()) throw HeraldException.invalid("data is required");
        if (!data.isObject()) throw HeraldException.invalid("data must be an object");
        return new NewEvent(t, (ObjectNode) data, resource(node.get("resource")), producerId(node.get("id")), null,
                tenant(node.get("tenant")), dataJson.get(data));
    }

    private static ResourceRef resource(JsonNode r) {
        if (r == null || r.isNull()) return null;
        if (!r.isObject()) throw HeraldException.invalid("resource must be an object with type and id");
        for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("type") && !f.equals("id")) throw HeraldException.invalid("unknown field \"resource." + f + "\"");
        }
        return new ResourceRef(resourcePart(r, "type"), resourcePart(r, "id"));
    }

    private static String resourcePart(JsonNode r, String field) {
        JsonNode v = r.get(field);
        if (v == null || v.isNull()) throw HeraldException.invalid("resource." + field + " is required");
        if (!v.isTextual() || !Chars.only(v.asText(), Chars.RESOURCE)) {
            throw HeraldException.invalid("resource." + field + " must be 1..128 chars of [A-Za-z0-9_.:-]");
        }
        return v.asText();
    }

    private static String tenant(JsonNode tenant) {
        if (tenant == null || tenant.isNull()) return null;
        if (!tenant.isTextual() || !TenantName.isValid(tenant.asText())) {
            throw HeraldException.invalid("tenant must be " + TenantName.RULE);
        }
        return tenant.asText();
    }

    private static String producerId(JsonNode id) {
        if (id == null || id.isNull()) return null;
        if (!id.isTextual() || !Chars.only(id.asText(), Chars.PRODUCER_ID)) {
            throw HeraldException.invalid("id must be 1..128 chars of [A-Za-z0-9_:-]");
        }
        return id.asText();
    }
}
