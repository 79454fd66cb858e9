package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.HeraldException;
import io.herald.core.RequestJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The one-pass reader takes only what the general way accepts, and makes the same event of it. */
class PlainEventTest {
    private static final List<String> PLAIN = List.of(
            "{\"type\":\"render.progress\",\"data\":{\"pct\":5}}",
            "{\"type\":\"a\",\"resource\":{\"type\":\"job\",\"id\":\"j:1\"},"
                    + "\"data\":{\"s\":\"x y\",\"n\":[1.50,1e2,-0]}}",
            " {\n \"data\" : { \"o\" : {\"data\": {}} , \"u\": \"\\u00e9\\\"\" },\t\"type\" : \"b.c-d_e\" ,"
                    + " \"id\": \"evt:7\", \"tenant\": \"acme\", \"resource\": {\"id\": \"r\", \"type\": \"t\"}}\n",
            "{\"type\":\"t\",\"data\":{},\"tenant\":\"a.b:c-d\"}",
            "{\"type\":\"t\",\"data\":{\"big\":123456789012345678901234567890,\"f\":1.000,\"e\":1E+400}}");

    /** Bodies the general way accepts, in forms this reader leaves to it. */
    private static final List<String> LEFT_VALID = List.of(
            "{\"type\":\"t\",\"data\":{},\"id\":null}",
            "{\"type\":\"t\",\"data\":{},\"resource\":null}",
            "{\"type\":\"t\",\"data\":{},\"tenant\":null}");

    /** Bodies the general way refuses. */
    private static final List<String> REFUSED = List.of(
            "", " ", "[]", "7", "\"s\"", "{}", "{\"type\":\"t\"}", "{\"data\":{}}", "{\"type\":\"t\",\"data\":[]}",
            "{\"type\":\"t\",\"data\":null}", "{\"type\":7,\"data\":{}}", "{\"type\":\"herald.x\",\"data\":{}}",
            "{\"type\":\"herald\",\"data\":{}}", "{\"type\":\"a..b\",\"data\":{}}",
            "{\"type\":\"t\",\"data\":{},\"x\":1}",
            "{\"type\":\"t\",\"data\":{},\"type\":\"u\"}", "{\"type\":\"t\",\"data\":{\"a\":1,\"a\":2}}",
            "{\"type\":\"t\",\"data\":{},\"data\":{}}", "{\"type\":\"t\",\"data\":{\"o\":[{\"a\":1,\"a\":1}]}}",
            "{\"type\":\"t\",\"data\":{},\"resource\":{\"type\":\"j\",\"type\":\"k\",\"id\":\"i\"}}",
            "{\"type\":\"t\",\"data\":{},\"id\":\"a\",\"id\":\"b\"}",
            "{\"type\":\"t\",\"data\":{}} {}", "{\"type\":\"t\",\"data\":{}}]", "{\"type\":\"t\",\"data\":{}",
            "{\"type\":\"t\",\"data\":{},\"resource\":{\"type\":\"job\"}}",
            "{\"type\":\"t\",\"data\":{},\"resource\":{\"type\":\"job\",\"id\":\"a b\"}}",
            "{\"type\":\"t\",\"data\":{},\"resource\":{\"type\":\"job\",\"id\":\"j\",\"x\":1}}",
            "{\"type\":\"t\",\"data\":{},\"resource\":\"job/j\"}", "{\"type\":\"t\",\"data\":{},\"id\":\"a/b\"}",
            "{\"type\":\"t\",\"data\":{},\"id\":7}", "{\"type\":\"t\",\"data\":{},\"tenant\":\"a b\"}",
            "{\"type\":\"t\",\"data\":{\"n\":1e99999999999}}", "{\"type\":\"t\",\"data\":{\"s\":\"\u0001\"}}");

    @Test
    void a_plain_event_is_read_as_the_general_way_reads_it() {
        for (String body : PLAIN) {
            NewEvent plain = PlainEvent.read(bytes(body));
            assertNotNull(plain, body);
            assertSame(general(bytes(body)), plain, body);
        }
    }

    @Test
    void anything_else_is_left_to_the_general_way() {
        for (String body : LEFT_VALID) {
            assertNull(PlainEvent.read(bytes(body)), body);
            assertNotNull(general(bytes(body)), body);
        }
        for (String body : REFUSED) {
            assertNull(PlainEvent.read(bytes(body)), body);
            assertThrows(HeraldException.class, () -> general(bytes(body)), body);
        }
        assertNull(PlainEvent.read(new byte[] {'{', '"', (byte) 0xC3, '"', ':', '1', '}'}), "not UTF-8");
    }

    /**
     * Bodies changed byte by byte at random, most of them broken: whenever this reader takes one, the general way
     * accepts it too, as the same event.
     */
    @Test
    void a_body_this_reader_takes_is_one_the_general_way_accepts_as_the_same_event() {
        byte[] alphabet = bytes("{}[]\":,. \\nul0123456789-+eEtypdarsoucijd\u00e9");
        SplittableRandom random = new SplittableRandom(18);
        int taken = 0;
        for (int i = 0; i < 30_000; i++) {
            byte[] body = bytes(PLAIN.get(random.nextInt(PLAIN.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) body = edit(body, alphabet, random);
            NewEvent plain = PlainEvent.read(body);
            if (plain == null) continue;
            taken++;
            assertSame(general(body), plain, new String(body, StandardCharsets.UTF_8));
        }
        assertTrue(taken > 1_000, "the edits left too few bodies this reader takes to say anything: " + taken);
    }

    @Test
    void a_batch_of_plain_events_is_read_as_the_general_way_reads_it() {
        for (int n = 1; n <= PLAIN.size(); n++) {
            String body = " {\"events\" : [" + String.join(",\n", PLAIN.subList(0, n)) + "] } ";
            List<NewEvent> plain = PlainEvent.readBatch(bytes(body), 1000);
            assertNotNull(plain, body);
            assertSameEvents(generalBatch(bytes(body), 1000), plain, body);
        }
    }

    @Test
    void a_batch_with_anything_else_is_left_to_the_general_way() {
        String one = PLAIN.get(0);
        // accepted the general way, in forms this reader leaves to it
        for (String body : List.of("{\"events\":[" + one + "],\"note\":1}", "{\"x\":1,\"events\":[" + one + "]}",
                "{\"events\":[" + one + "," + LEFT_VALID.get(0) + "]}")) {
            assertNull(PlainEvent.readBatch(bytes(body), 1000), body);
            assertNotNull(generalBatch(bytes(body), 1000), body);
        }
        List<String> refused = new java.util.ArrayList<>(List.of("{\"events\":[]}", "{\"events\":{}}", "[" + one + "]",
                "{\"events\":[" + one + "," + one + "," + one + "]}", // over the limit of 2 below
                "{\"events\":[" + one + "],\"events\":[" + one + "]}", "{\"events\":[" + one + "]} x",
                "{\"events\":[" + one + ",7]}", "{\"events\":[" + one + "]", one));
        for (String bad : REFUSED) if (!bad.isBlank()) refused.add("{\"events\":[" + one + "," + bad + "]}");
        for (String body : refused) {
            assertNull(PlainEvent.readBatch(bytes(body), 2), body);
            assertThrows(HeraldException.class, () -> generalBatch(bytes(body), 2), body);
        }
    }

    /** As the single-event test below, for batches: whatever this reader takes, the general way takes the same. */
    @Test
    void a_batch_this_reader_takes_is_one_the_general_way_accepts_as_the_same_events() {
        byte[] alphabet = bytes("{}[]\":,. \\nul0123456789-+eEtypdarsoucijdvn\u00e9");
        SplittableRandom random = new SplittableRandom(19);
        int taken = 0;
        for (int i = 0; i < 20_000; i++) {
            String a = PLAIN.get(random.nextInt(PLAIN.size()));
            String b = PLAIN.get(random.nextInt(PLAIN.size()));
            byte[] body = bytes("{\"events\":[" + a + "," + b + "]}");
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) body = edit(body, alphabet, random);
            List<NewEvent> plain = PlainEvent.readBatch(body, 2);
            if (plain == null) continue;
            taken++;
            assertSameEvents(generalBatch(body, 2), plain, new String(body, StandardCharsets.UTF_8));
        }
        assertTrue(taken > 1_000, "the edits left too few bodies this reader takes to say anything: " + taken);
    }

    private static byte[] edit(byte[] body, byte[] alphabet, SplittableRandom random) {
        int at = random.nextInt(body.length + 1);
        byte b = alphabet[random.nextInt(alphabet.length)];
        return switch (random.nextInt(3)) {
            case 0 -> { // insert
                byte[] out = Arrays.copyOf(body, body.length + 1);
                System.arraycopy(body, at, out, at + 1, body.length - at);
                out[at] = b;
                yield out;
            }
            case 1 -> { // delete
                if (at == body.length) yield body;
                byte[] out = Arrays.copyOf(body, body.length - 1);
                System.arraycopy(body, at + 1, out, at, body.length - at - 1);
                yield out;
            }
            default -> { // replace
                if (at == body.length) yield body;
                byte[] out = body.clone();
                out[at] = b;
                yield out;
            }
        };
    }

    private static NewEvent general(byte[] body) {
        RequestJson.Events parsed = RequestJson.parseEvents(body);
        return EventValidator.validate(parsed.body(), false, parsed.data());
    }

    /** The general way of api/Bodies: the tree of the body, then every event validated. */
    private static List<NewEvent> generalBatch(byte[] body, int max) {
        RequestJson.Events parsed = RequestJson.parseEvents(body);
        var list = parsed.body().isObject() ? parsed.body().get("events") : null;
        if (list == null || !list.isArray() || list.isEmpty() || list.size() > max) {
            throw HeraldException.invalid("not a batch of 1.." + max);
        }
        List<NewEvent> events = new java.util.ArrayList<>();
        for (var e : list) events.add(EventValidator.validate(e, false, parsed.data()));
        return events;
    }

    private static void assertSameEvents(List<NewEvent> expected, List<NewEvent> actual, String body) {
        assertEquals(expected.size(), actual.size(), body);
        for (int i = 0; i < expected.size(); i++) assertSame(expected.get(i), actual.get(i), body);
    }

    private static void assertSame(NewEvent expected, NewEvent actual, String body) {
        assertEquals(expected.type(), actual.type(), body);
        assertEquals(expected.data(), actual.data(), body);
        assertEquals(expected.resource(), actual.resource(), body);
        assertEquals(expected.producerId(), actual.producerId(), body);
        assertEquals(expected.tenant(), actual.tenant(), body);
        assertNull(actual.target(), body);
        assertArrayEquals(expected.dataJson(), actual.dataJson(), body);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
