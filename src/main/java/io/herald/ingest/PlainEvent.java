package io.herald.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.herald.core.RequestJson;
import io.herald.core.ResourceRef;
import io.herald.core.TenantName;
import io.herald.core.Utf8;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One posted event read in one pass over its bytes: the event a backend usually posts, a JSON object of a
 * {@code type}, a {@code data} object and perhaps a {@code resource}, an {@code id} and a {@code tenant}, all
 * valid, each once. The general way ({@link RequestJson#parseEvents}, then {@link EventValidator}) builds a tree
 * of the whole body and walks it again to validate; on P5 spread's posts it was two fifths of what Herald itself
 * allocated per event, on the thread that writes the stream frames.
 *
 * <p>This takes only bodies the general way accepts, and makes the same event of them (only {@code data} becomes a
 * tree, the same tree). It answers null for anything else, a refusal or merely an unusual form (a null
 * field, a duplicate key, trailing bytes), and the caller then goes the general way, which says what is wrong.
 * So the rules stay in {@link EventValidator}: this is a subset of them, never a second opinion.
 */
public final class PlainEvent {
    private PlainEvent() {}

    /** The event, or null: read {@code body} the general way instead. */
    public static NewEvent read(byte[] body) {
        if (Utf8.firstInvalid(body) >= 0) return null;
        try (JsonParser p = RequestJson.plainParser(body)) {
            return event(p, body);
        } catch (IOException | RuntimeException e) {
            return null; // malformed JSON, a duplicate key, a number out of range: the general way refuses it
        }
    }

    /**
     * A batch body's events, or null: read {@code body} the general way instead. Takes {@code {"events": [...]}}
     * with nothing else, 1 to {@code max} events, each one a plain event as {@link #read} takes it (P2: building
     * the tree of a whole batch and walking it again to validate was a fifth of batch ingest's CPU).
     */
    public static List<NewEvent> readBatch(byte[] body, int max) {
        if (Utf8.firstInvalid(body) >= 0) return null;
        try (JsonParser p = RequestJson.plainParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT || !"events".equals(p.nextFieldName())
                    || p.nextToken() != JsonToken.START_ARRAY) {
                return null;
            }
            List<NewEvent> events = new ArrayList<>();
            for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
                NewEvent e = t == JsonToken.START_OBJECT && events.size() < max ? fields(p, body) : null;
                if (e == null) return null;
                events.add(e);
            }
            // another field after the list (a second "events" too) or trailing bytes: the general way says
            if (events.isEmpty() || p.nextToken() != JsonToken.END_OBJECT || p.nextToken() != null) return null;
            return events;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static NewEvent event(JsonParser p, byte[] body) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) return null;
        NewEvent e = fields(p, body);
        return e == null || p.nextToken() != null ? null : e;
    }

    /** The event whose START_OBJECT the parser is at, read up to its END_OBJECT; null for one not plain. */
    private static NewEvent fields(JsonParser p, byte[] body) throws IOException {
        String type = null;
        String id = null;
        String tenant = null;
        ResourceRef resource = null;
        RequestJson.Data data = null;
        // each field once, of the kind it is when valid; anything else (a null too) goes the general way
        for (String name; (name = p.nextFieldName()) != null; ) {
            JsonToken t = p.nextToken();
            switch (name) {
                case "type" -> {
                    if (type != null || (type = string(p, t)) == null) return null;
                }
                case "id" -> {
                    if (id != null || (id = string(p, t)) == null) return null;
                }
                case "tenant" -> {
                    if (tenant != null || (tenant = string(p, t)) == null) return null;
                }
                case "resource" -> {
                    if (resource != null || t != JsonToken.START_OBJECT) return null;
                    if ((resource = resource(p)) == null) return null;
                }
                case "data" -> {
                    if (data != null || t != JsonToken.START_OBJECT) return null;
                    data = RequestJson.data(p, body);
                }
                default -> {
                    return null;
                }
            }
        }
        if (type == null || data == null) return null;
        if (!Chars.isType(type) || type.equals("herald") || type.startsWith("herald.")) return null;
        if (id != null && !Chars.only(id, Chars.PRODUCER_ID)) return null;
        if (tenant != null && !TenantName.isValid(tenant)) return null;
        return new NewEvent(type, data.tree(), resource, id, null, tenant, data.json());
    }

    private static String string(JsonParser p, JsonToken t) throws IOException {
        return t == JsonToken.VALUE_STRING ? p.getText() : null;
    }

    /** {@code {"type": ..., "id": ...}}, both valid strings, nothing else; null for any other. */
    private static ResourceRef resource(JsonParser p) throws IOException {
        String type = null;
        String id = null;
        for (String name; (name = p.nextFieldName()) != null; ) {
            if (p.nextToken() != JsonToken.VALUE_STRING) return null;
            if (name.equals("type") && type == null) type = p.getText();
            else if (name.equals("id") && id == null) id = p.getText();
            else return null; // another field, or one of these twice
        }
        if (type == null || id == null || !Chars.only(type, Chars.RESOURCE) || !Chars.only(id, Chars.RESOURCE)) {
            return null;
        }
        return new ResourceRef(type, id);
    }
}
