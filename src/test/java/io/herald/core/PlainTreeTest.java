package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The tree built from tokens is, node for node and byte for byte, the tree the mapper's readTree makes. */
class PlainTreeTest {
    /** what RequestJson used before: the mapper's reader, duplicate keys refused */
    private static final ObjectReader MAPPER_TREE = Json.MAPPER.reader()
            .without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .with(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    @Test
    void numbers_of_every_size_and_form_become_the_nodes_the_mapper_makes() throws IOException {
        for (String n : List.of("0", "-0", "7", "-2147483648", "2147483647", "2147483648", "-9223372036854775808",
                "9223372036854775807", "9223372036854775808", "123456789012345678901234567890", "1.5", "1.50",
                "-0.0", "30.0", "1e3", "1E-3", "2.5e+10", "1e309", "0.1000000000000000000000000001",
                "-123456789.987654321e-40")) {
            same("{\"n\":" + n + ",\"in\":[" + n + "],\"deep\":{\"n\":" + n + "}}");
        }
    }

    @Test
    void random_documents_come_out_the_same() throws IOException {
        Random random = new Random(18);
        for (int i = 0; i < 2000; i++) same(object(random, 0));
    }

    @Test
    void a_duplicate_key_at_any_depth_is_refused_as_the_mapper_refuses_it() throws IOException {
        for (String json : List.of("{\"a\":1,\"a\":2}", "{\"x\":{\"a\":1,\"b\":[{\"c\":1,\"c\":1}]}}",
                "{\"x\":[1,{\"a\":null,\"a\":null}]}")) {
            assertThrows(IOException.class, () -> MAPPER_TREE.readTree(json), json);
            assertThrows(IOException.class, () -> plain(json), json);
        }
    }

    @Test
    void an_unclosed_document_is_refused() {
        for (String json : List.of("{\"a\":1", "{\"a\":[1,2", "{\"a\":{\"b\":")) {
            assertThrows(IOException.class, () -> plain(json), json);
        }
    }

    private static void same(String json) throws IOException {
        JsonNode expected = MAPPER_TREE.readTree(json);
        JsonNode actual = plain(json);
        assertSameNodes(expected, actual, json);
        assertEquals(Json.MAPPER.writeValueAsString(expected), Json.MAPPER.writeValueAsString(actual), json);
    }

    private static JsonNode plain(String json) throws IOException {
        try (JsonParser p = Json.MAPPER.createParser(json.getBytes(StandardCharsets.UTF_8))) {
            p.nextToken();
            JsonNode tree = PlainTree.read(p);
            assertNull(p.nextToken(), "the parser is left at the value's last token");
            return tree;
        }
    }

    /** Same node classes, field order and values (DecimalNode's equals ignores the scale; the bytes check it). */
    private static void assertSameNodes(JsonNode expected, JsonNode actual, String json) {
        assertEquals(expected.getClass(), actual.getClass(), json);
        assertEquals(expected, actual, json);
        if (expected.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> a = actual.fields();
            for (Iterator<Map.Entry<String, JsonNode>> e = expected.fields(); e.hasNext(); ) {
                Map.Entry<String, JsonNode> x = e.next();
                Map.Entry<String, JsonNode> y = a.next();
                assertEquals(x.getKey(), y.getKey(), json);
                assertSameNodes(x.getValue(), y.getValue(), json);
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) assertSameNodes(expected.get(i), actual.get(i), json);
        } else if (expected.isBigDecimal()) {
            assertEquals(expected.decimalValue().scale(), actual.decimalValue().scale(), json);
        }
    }

    private static String object(Random r, int depth) {
        StringBuilder b = new StringBuilder("{");
        int n = r.nextInt(depth == 0 ? 8 : 4);
        for (int i = 0; i < n; i++) {
            if (i > 0) b.append(r.nextBoolean() ? "," : " ,\n ");
            b.append('"').append("k").append(i).append(r.nextInt(3) == 0 ? "\\u00e9\\\"" : "").append("\":");
            b.append(value(r, depth + 1));
        }
        return b.append('}').toString();
    }

    private static String value(Random r, int depth) {
        int kind = r.nextInt(depth > 4 ? 7 : 9);
        return switch (kind) {
            case 0 -> Integer.toString(r.nextInt());
            case 1 -> Long.toString(r.nextLong());
            case 2 -> r.nextInt(1000) + "." + "0".repeat(r.nextInt(3)) + r.nextInt(1000) + (r.nextBoolean() ? "" : "e" + (r.nextInt(40) - 20));
            case 3 -> "\"s" + r.nextInt(100) + (r.nextBoolean() ? "\\n\\u2028 \u00fc\u6f22" : "") + "\"";
            case 4 -> r.nextBoolean() ? "true" : "false";
            case 5 -> "null";
            case 6 -> "98765432109876543210" + r.nextInt(10);
            case 7 -> object(r, depth);
            default -> {
                StringBuilder a = new StringBuilder("[");
                int n = r.nextInt(4);
                for (int i = 0; i < n; i++) a.append(i > 0 ? "," : "").append(value(r, depth + 1));
                yield a.append(']').toString();
            }
        };
    }
}
