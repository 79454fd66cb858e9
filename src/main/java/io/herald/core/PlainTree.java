package io.herald.core;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * The tree of the JSON value at a parser's current token, node for node the one {@link Json#MAPPER}'s
 * {@code readTree} makes (ints as int, long or big-integer nodes by size, other numbers as exact decimals, as
 * written), with a duplicate key at any depth refused. Built straight from the tokens: {@code readTree} made a
 * deserialization context and a container stack for each event's {@code data}, a tenth of batch ingest's
 * allocation (P2). Anything the mapper would read differently (a non-numeric number, an embedded object) throws:
 * the caller then reads the body the general way, which says what is wrong.
 */
final class PlainTree {
    private static final JsonNodeFactory NODES = Json.MAPPER.getNodeFactory();

    private PlainTree() {}

    /** The value at the current token; the parser is left at its last token (an object's END_OBJECT...). */
    static JsonNode read(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) throw new JsonParseException(p, "no value");
        return switch (t) {
            case START_OBJECT -> object(p);
            case START_ARRAY -> array(p);
            case VALUE_STRING -> NODES.textNode(p.getText());
            case VALUE_NUMBER_INT -> switch (p.getNumberType()) {
                case INT -> NODES.numberNode(p.getIntValue());
                case LONG -> NODES.numberNode(p.getLongValue());
                default -> NODES.numberNode(p.getBigIntegerValue());
            };
            case VALUE_NUMBER_FLOAT -> {
                if (p.isNaN()) throw new JsonParseException(p, "not a number"); // the mapper allows none
                yield NODES.numberNode(p.getDecimalValue()); // USE_BIG_DECIMAL_FOR_FLOATS, zeros kept
            }
            case VALUE_TRUE -> NODES.booleanNode(true);
            case VALUE_FALSE -> NODES.booleanNode(false);
            case VALUE_NULL -> NODES.nullNode();
            default -> throw new JsonParseException(p, "unexpected token " + t);
        };
    }

    private static ObjectNode object(JsonParser p) throws IOException {
        ObjectNode o = NODES.objectNode();
        for (String name; (name = p.nextFieldName()) != null; ) {
            p.nextToken();
            if (o.replace(name, read(p)) != null) throw new JsonParseException(p, "duplicate field '" + name + "'");
        }
        if (p.currentToken() != JsonToken.END_OBJECT) throw new JsonParseException(p, "an object is not closed");
        return o;
    }

    private static ArrayNode array(JsonParser p) throws IOException {
        ArrayNode a = NODES.arrayNode();
        for (JsonToken t; (t = p.nextToken()) != JsonToken.END_ARRAY; ) {
            if (t == null) throw new JsonParseException(p, "an array is not closed");
            a.add(read(p));
        }
        return a;
    }
}
