package io.herald.core;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Parses a JSON body a client sent: strict UTF-8, no duplicate keys, exact numbers. A refusal speaks of the
 * request ({@code malformed JSON at line 1, column 9: an object is not closed}), never of the parser's
 * internals: Jackson's own messages name its classes and features.
 */
public final class RequestJson {

    /** For the values inside an event body: the body's end is checked once, at the end */
    private static final ObjectReader VALUE = Json.STRICT.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private RequestJson() {}

    /** @throws HeraldException 400 invalid_json naming where and what */
    public static JsonNode parse(byte[] body) {
        return read(body, () -> Json.STRICT.readTree(body));
    }

    /**
     * An event body (one event, or {@code {"events": [...]}}) parsed exactly as {@link #parse} would, keeping also
     * the JSON each event's {@code data} object was sent as, compacted: ingest journals those bytes instead of
     * serialising the tree it built from them again (a sixth of batch ingest's CPU went to that second pass).
     *
     * @throws HeraldException 400 invalid_json, the same refusal {@link #parse} gives
     */
    public static Events parseEvents(byte[] body) {
        Map<JsonNode, byte[]> data = new IdentityHashMap<>(4); // a single event's one data, sized for it
        JsonNode root = read(body, () -> {
            try (JsonParser p = Json.STRICT.createParser(body)) {
                JsonToken first = p.nextToken();
                if (first == null) return null;
                JsonNode node = first == JsonToken.START_OBJECT ? object(p, body, data, true) : VALUE.readTree(p);
                if (p.nextToken() != null) {
                    throw new JsonParseException(p, "Trailing token (of type " + p.currentToken() + ")",
                            p.currentTokenLocation());
                }
                return node;
            }
        });
        return new Events(root, data);
    }

    /**
     * @param body the request's JSON
     * @param data each event's {@code data} object (by identity) and its JSON as sent, without insignificant
     *     whitespace
     */
    public record Events(JsonNode body, Map<JsonNode, byte[]> data) {}

    /**
     * A parser of {@code body} for a reader that takes the tokens itself and leaves anything it does not expect to
     * {@link #parseEvents}, which gives the refusal. It does not look for duplicate keys, so that reader must: in
     * its own fields, and by {@link #data} in data (which throws on one). Keeping a set of names per object for
     * that was a tenth of what a plain post's reading allocated. The caller checks the body is UTF-8 first
     * ({@link Utf8}), as {@link #parseEvents} does.
     */
    public static JsonParser plainParser(byte[] body) throws IOException {
        return Json.MAPPER.createParser(body);
    }

    /**
     * The data object at the parser's START_OBJECT: its tree, as {@link #parseEvents} makes it, and its JSON as
     * sent, compacted. The parser is left at the object's END_OBJECT. A duplicate key at any depth throws: from a
     * {@link #plainParser}'s data too.
     */
    public static Data data(JsonParser p, byte[] body) throws IOException {
        long from = p.currentTokenLocation().getByteOffset();
        boolean strict = p.isEnabled(StreamReadFeature.STRICT_DUPLICATE_DETECTION);
        ObjectNode tree = (ObjectNode) (strict ? VALUE.readTree(p) : PlainTree.read(p));
        return new Data(tree, compact(body, (int) from, (int) p.currentLocation().getByteOffset()));
    }

    /** A data object and its JSON as sent, without insignificant whitespace. */
    public record Data(ObjectNode tree, byte[] json) {}

    /** The object at the parser's START_OBJECT; {@code data} objects and (at the top) {@code events} are kept. */
    private static ObjectNode object(JsonParser p, byte[] body, Map<JsonNode, byte[]> data, boolean top)
            throws IOException {
        ObjectNode o = Json.MAPPER.getNodeFactory().objectNode();
        for (String name; (name = p.nextFieldName()) != null; ) {
            JsonToken t = p.nextToken();
            JsonNode value;
            if (t == JsonToken.START_OBJECT && name.equals("data")) {
                Data d = data(p, body);
                value = d.tree();
                data.put(value, d.json());
            } else if (t == JsonToken.START_ARRAY && top && name.equals("events")) {
                ArrayNode events = Json.MAPPER.getNodeFactory().arrayNode();
                for (JsonToken e; (e = p.nextToken()) != JsonToken.END_ARRAY; ) {
                    events.add(e == JsonToken.START_OBJECT ? object(p, body, data, false) : VALUE.readTree(p));
                }
                value = events;
            } else if (t == JsonToken.VALUE_STRING) {
                // an event's type and id: the node readTree would make, without a deserialization context for it
                value = Json.MAPPER.getNodeFactory().textNode(p.getText());
            } else {
                value = VALUE.readTree(p);
            }
            o.set(name, value);
        }
        return o;
    }

    /** {@code body[from, to)} without the whitespace between tokens (a string holds no raw whitespace but space). */
    static byte[] compact(byte[] body, int from, int to) {
        byte[] out = new byte[to - from];
        int n = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = body[i];
            if (inString) {
                if (b == '\\') out[n++] = body[i++];
                else if (b == '"') inString = false;
            } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
                continue;
            } else if (b == '"') {
                inString = true;
            }
            out[n++] = body[i];
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private interface Reading {
        JsonNode read() throws IOException;
    }

    private static JsonNode read(byte[] body, Reading reading) {
        if (body.length == 0) throw HeraldException.invalidJson("the request body is empty; send a JSON object");
        int bad = Utf8.firstInvalid(body);
        if (bad >= 0) {
            String hex = String.format("%02X", body[bad] & 0xff);
            throw HeraldException.invalidJson("the body is not valid UTF-8: byte 0x" + hex + " at "
                    + position(body, bad) + " starts no valid character");
        }
        JsonNode node;
        try {
            node = reading.read();
        } catch (JsonProcessingException e) {
            throw HeraldException.invalidJson("malformed JSON" + at(e.getLocation()) + ": " + JsonRefusal.explain(e));
        } catch (NumberFormatException e) {
            // a number whose exponent no BigDecimal can hold (1e99999999999); Jackson gives no position for it
            throw HeraldException.invalidJson("malformed JSON: a number is out of range (its exponent is too large)");
        } catch (IOException e) {
            throw HeraldException.invalidJson("the body is not valid JSON");
        }
        if (node == null || node.isMissingNode()) throw HeraldException.invalidJson("the body holds no JSON value");
        return node;
    }

    private static String at(JsonLocation l) {
        if (l == null || l.getLineNr() < 1) return "";
        return " at line " + l.getLineNr() + ", column " + l.getColumnNr();
    }

    private static String position(byte[] body, int offset) {
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < offset; i++) {
            if (body[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return "line " + line + ", column " + (offset - lineStart + 1);
    }
}
