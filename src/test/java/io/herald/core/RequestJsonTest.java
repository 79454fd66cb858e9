package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Each refusal names where and what in words about the request; none repeats the parser's own message. */
class RequestJsonTest {
    /** The refusal, which the event routes' parse gives word for word. */
    static String refusal(String body) {
        HeraldException e = assertThrows(HeraldException.class, () -> RequestJson.parse(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals("invalid_json", e.code());
        assertEquals(400, e.status());
        HeraldException events = assertThrows(HeraldException.class,
                () -> RequestJson.parseEvents(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(e.getMessage(), events.getMessage(), "parseEvents refuses " + body + " in other words");
        assertEquals(400, events.status());
        return e.getMessage();
    }

    @Test
    void an_event_body_keeps_each_data_object_as_sent_without_whitespace_between_tokens() {
        String body = "{\"events\": [ {\"type\":\"a\", \"data\" : { \"s\" : \"a b\\\" }\\\\\",\n \"n\": [1.50, 1e2],"
                + " \"o\": {\"data\": {}}}},\n {\"data\":{}}, 7, {\"data\": 3}]}";
        RequestJson.Events parsed = RequestJson.parseEvents(body.getBytes(StandardCharsets.UTF_8));
        assertEquals(RequestJson.parse(body.getBytes(StandardCharsets.UTF_8)), parsed.body());
        JsonNode first = parsed.body().get("events").get(0).get("data");
        assertEquals("{\"s\":\"a b\\\" }\\\\\",\"n\":[1.50,1e2],\"o\":{\"data\":{}}}",
                new String(parsed.data().get(first), StandardCharsets.UTF_8));
        assertEquals("{}", new String(parsed.data().get(parsed.body().get("events").get(1).get("data")), StandardCharsets.UTF_8));
        assertEquals(2, parsed.data().size(), "only events' data objects: not nested ones, not a number");

        RequestJson.Events one = RequestJson.parseEvents("{\"data\": {\"x\": 1}, \"type\": \"t\"} ".getBytes(StandardCharsets.UTF_8));
        assertEquals("{\"x\":1}", new String(one.data().get(one.body().get("data")), StandardCharsets.UTF_8));
    }

    @Test
    void each_kind_of_malformed_json_is_explained_in_plain_words_with_line_and_column() {
        assertEquals("malformed JSON at line 1, column 26: the body ends before an object is closed (missing '}')",
                refusal("{\"type\": \"a.b\", \"data\": {"));
        assertEquals("malformed JSON at line 1, column 6: unexpected '1': expected ':' after a key", refusal("{\"a\" 1}"));
        assertEquals("malformed JSON at line 1, column 8: unexpected '}': expected a key in double quotes", refusal("{\"a\":1,}"));
        assertEquals("malformed JSON at line 1, column 4: unexpected ']': expected a value", refusal("[1,]"));
        assertTrue(refusal("{\"a\":tru}").endsWith("unexpected \"tru\": expected a string, number, object, array, true, false or null"));
        assertTrue(refusal("{\"a\":01}").endsWith("invalid number: leading zeroes not allowed"));
        assertTrue(refusal("{\"a\":\"x\ny\"}").endsWith("a control character in a string must be escaped (\\n, \\t, \\u0000...)"));
        assertTrue(refusal("{\"a\":NaN}").endsWith("\"NaN\" is not a JSON value"));
        assertTrue(refusal("{\"a\":\"\\q\"}").endsWith("unknown escape \\q in a string"));
        assertTrue(refusal("{\"a\":[1,2}").endsWith("unexpected '}': an array is open, expected ']'"));
        assertTrue(refusal("{\"a\":1}}").endsWith("unexpected '}': nothing is open that it could close"));
        assertTrue(refusal("{} {}").endsWith("more data follows the JSON value"));
        assertTrue(refusal("[\"a").endsWith("the body ends inside a string (missing '\"')"));
        assertTrue(refusal("{\"a").endsWith("the body ends inside a string (missing '\"')"));
        assertTrue(refusal("{\"a\":").endsWith("the body ends before an object is closed (missing '}')"));
        assertTrue(refusal("[1.]").endsWith("invalid number: decimal point not followed by a digit"));
        assertTrue(refusal("[".repeat(2000)).endsWith("objects and arrays nest too deeply"));
        assertEquals("malformed JSON: a number is out of range (its exponent is too large)", refusal("{\"a\":1e99999999999}"));
    }

    @Test
    void a_duplicate_key_names_the_key_even_one_with_quotes_in_it() {
        assertEquals("malformed JSON at line 1, column 16: duplicate key \"x\" (a key may appear once per object)",
                refusal("{\"a\":{\"x\":1,\"x\":2}}"));
        assertTrue(refusal("{\"it's\":1,\"it's\":2}").contains("duplicate key \"it's\""));
    }

    @Test
    void empty_and_blank_bodies_say_so() {
        assertEquals("the request body is empty; send a JSON object", refusal(""));
        assertEquals("the body holds no JSON value", refusal("  \n "));
    }

    @Test
    void numbers_parse_to_their_exact_value() {
        assertEquals("1E+309", RequestJson.parse("{\"n\":1e309}".getBytes(StandardCharsets.UTF_8)).get("n").decimalValue().toString());
        assertEquals("{\"n\":0.100000000000000000000000000001}",
                RequestJson.parse("{\"n\":0.100000000000000000000000000001}".getBytes(StandardCharsets.UTF_8)).toString());
    }
}
