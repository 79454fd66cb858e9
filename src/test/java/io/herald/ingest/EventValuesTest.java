package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.SettableClock;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT 3.1's values: ids never shared by two events, exact numbers, no duplicate keys, strict UTF-8. */
class EventValuesTest {
    @TempDir Path dir;
    final SettableClock clock = new SettableClock(Instant.parse("2026-11-23T10:00:00Z"));
    Herald herald;
    Http http;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "", clock);
        http = herald.http();
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    Http.Response post(String json) {
        return http.post("/api/v1/events", json);
    }

    static String message(Http.Response r) {
        return r.json().get("error").get("message").asText();
    }

    @Test
    void a_producer_id_that_is_the_id_herald_made_for_another_event_is_409_conflict() {
        String made = herald.postEvent("{\"type\":\"a.first\",\"data\":{}}").get("id").asText();
        Http.Response r = post("{\"id\":\"" + made + "\",\"type\":\"b.second\",\"data\":{}}");
        assertEquals(409, r.status(), r.body());
        assertEquals("conflict", r.json().get("error").get("code").asText());
        assertTrue(message(r).contains(made) && message(r).contains("Herald made"), r.body());
        assertEquals(1, herald.lastSeq(), "nothing written: one webhook-id, one event");
        assertEquals("a.first", http.get("/api/v1/events/" + made).json().get("type").asText());
    }

    @Test
    void a_producer_id_repeated_after_the_24h_window_is_409_not_a_second_event_with_the_same_id() {
        assertEquals(202, post("{\"id\":\"job-42\",\"type\":\"a.b\",\"data\":{}}").status());
        // within 24 h a repeat is the idempotent duplicate, even under another Idempotency-Key
        Http.Response again = http.send(http.builder("/api/v1/events").header("Idempotency-Key", "other-key")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"job-42\",\"type\":\"a.b\",\"data\":{\"v\":2}}")));
        assertEquals(200, again.status(), again.body());
        assertTrue(again.json().get("duplicate").asBoolean());
        clock.advance(Duration.ofHours(25));
        Http.Response late = post("{\"id\":\"job-42\",\"type\":\"a.b\",\"data\":{}}");
        assertEquals(409, late.status(), late.body());
        assertTrue(message(late).contains("\"job-42\" is already the id of another event (seq 1)"), late.body());
        assertEquals(1, herald.lastSeq());
    }

    @Test
    void a_batch_that_reuses_an_id_is_refused_whole_naming_the_index() {
        herald.postEvent("{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{}}");
        clock.advance(Duration.ofHours(25));
        Http.Response r = http.post("/api/v1/events/batch", "{\"events\":[{\"type\":\"ok.one\",\"data\":{}},"
                + "{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{}},{\"type\":\"ok.two\",\"data\":{}}]}");
        assertEquals(409, r.status(), r.body());
        JsonNode details = r.json().get("error").get("details");
        assertEquals(1, details.size());
        assertEquals(1, details.get(0).get("index").asInt());
        assertTrue(details.get(0).get("message").asText().contains("p-1"));
        assertEquals(1, herald.lastSeq(), "all or nothing");
    }

    @Test
    void a_producer_id_in_the_shape_of_heralds_own_ids_reads_back_by_that_id() {
        String id = "evt_00000000009AAAAAAAAAA"; // names seq 9, which is not this event's seq
        assertEquals(202, post("{\"id\":\"" + id + "\",\"type\":\"a.b\",\"data\":{}}").status());
        assertEquals(id, http.get("/api/v1/events/" + id).json().get("id").asText());
        assertEquals(409, post("{\"id\":\"" + herald.postEvent("{\"type\":\"c.d\",\"data\":{}}").get("id").asText()
                + "\",\"type\":\"a.b\",\"data\":{}}").status());
    }

    @Test
    void numbers_keep_their_exact_value_never_infinity_nor_rounded_also_after_a_restart() {
        String id = herald.postEvent("{\"type\":\"a.b\",\"resource\":{\"type\":\"t\",\"id\":\"1\"},\"data\":{\"huge\":1e309,"
                + "\"precise\":0.123456789012345678901234567890,\"wide\":123456789012345678901234567890,\"kept\":1.50}}")
                .get("id").asText();
        for (int round = 0; round < 2; round++) {
            String body = http.get("/api/v1/events/" + id).body();
            assertFalse(body.contains("Infinity"), body);
            JsonNode data = http.get("/api/v1/events/" + id).json().get("data");
            assertEquals(0, new BigDecimal("1e309").compareTo(data.get("huge").decimalValue()), body);
            assertEquals("0.123456789012345678901234567890", data.get("precise").decimalValue().toPlainString(), body);
            assertEquals("123456789012345678901234567890", data.get("wide").bigIntegerValue().toString(), body);
            assertTrue(body.contains("\"kept\":1.50"), body);
            JsonNode state = http.get("/api/v1/resources/t/1").json().get("state");
            assertEquals("0.123456789012345678901234567890", state.get("precise").decimalValue().toPlainString());
            herald.restart();
            http = herald.http();
        }
    }

    @Test
    void previous_compares_numbers_by_value_whatever_their_spelling() {
        String resource = ",\"resource\":{\"type\":\"t\",\"id\":\"n\"}";
        herald.postEvent("{\"type\":\"a.b\"" + resource + ",\"data\":{\"a\":1.50,\"b\":30.0,\"c\":100,\"d\":{\"x\":2}}}");
        String id = herald.postEvent("{\"type\":\"a.b\"" + resource
                + ",\"data\":{\"a\":1.5,\"b\":30,\"c\":1e2,\"d\":{\"x\":2.0}}}").get("id").asText();
        assertEquals("{}", http.get("/api/v1/events/" + id).json().get("previous").toString(), "the same values");
        id = herald.postEvent("{\"type\":\"a.b\"" + resource + ",\"data\":{\"a\":1.5,\"b\":31,\"c\":100,\"d\":{\"x\":2}}}")
                .get("id").asText();
        assertEquals("{\"b\":30}", http.get("/api/v1/events/" + id).json().get("previous").toString(), "b changed, and only b");
    }

    @Test
    void data_sent_pretty_printed_and_escaped_reads_back_as_the_same_json_also_after_a_restart() {
        // ingest journals data's JSON as sent, less the whitespace between tokens (RequestJson.parseEvents)
        String data = "{\n  \"name\" : \"caf\\u00e9 \\\"au\\\" lait\",\n\t\"tags\": [ \"a b\", 2 ],\r\n  \"nested\": { \"data\": { } } }";
        String single = herald.postEvent("{\"type\":\"a.b\", \"data\" :\n" + data + "}").get("id").asText();
        Http.Response batch = http.post("/api/v1/events/batch", "{\"events\": [\n {\"type\":\"a.c\",\"data\": " + data + "} ]}");
        assertEquals(202, batch.status(), batch.body());
        String batched = batch.json().get("events").get(0).get("id").asText();
        for (int round = 0; round < 2; round++) {
            for (String id : new String[] {single, batched}) {
                JsonNode read = http.get("/api/v1/events/" + id).json().get("data");
                assertEquals("café \"au\" lait", read.get("name").asText());
                assertEquals("{\"name\":\"café \\\"au\\\" lait\",\"tags\":[\"a b\",2],\"nested\":{\"data\":{}}}",
                        read.toString());
            }
            herald.restart();
            http = herald.http();
        }
    }

    @Test
    void a_duplicate_key_in_any_object_is_400_naming_it() {
        Http.Response nested = post("{\"type\":\"a.b\",\"data\":{\"job\":{\"status\":\"ok\",\"status\":\"failed\"}}}");
        assertEquals(400, nested.status(), nested.body());
        assertEquals("invalid_json", nested.json().get("error").get("code").asText());
        assertTrue(message(nested).contains("duplicate key \"status\""), nested.body());
        Http.Response top = post("{\"type\":\"a.b\",\"type\":\"c.d\",\"data\":{}}");
        assertTrue(message(top).contains("duplicate key \"type\""), top.body());
        Http.Response batch = http.post("/api/v1/events/batch", "{\"events\":[{\"type\":\"a\",\"data\":{\"x\":1,\"x\":1}}]}");
        assertEquals(400, batch.status());
        assertEquals(0, herald.lastSeq());
    }

    @Test
    void an_overlong_utf8_slash_is_400_not_read_as_a_slash() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("{\"type\":\"a.b\",\"data\":{\"path\":\"..".getBytes(StandardCharsets.US_ASCII));
        body.writeBytes(new byte[] {(byte) 0xc0, (byte) 0xaf});
        body.writeBytes("etc\"}}".getBytes(StandardCharsets.US_ASCII));
        Http.Response r = http.send(http.builder("/api/v1/events").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        assertEquals(400, r.status(), r.body());
        assertEquals("invalid_json", r.json().get("error").get("code").asText());
        assertTrue(message(r).contains("not valid UTF-8") && message(r).contains("column 33"), r.body());
        assertEquals(0, herald.lastSeq());
        String text = "h\u00e9llo \u4e16\u754c \ud83d\ude00"; // 2-, 3- and 4-byte characters still pass
        String id = herald.postEvent("{\"type\":\"a.b\",\"data\":{\"t\":\"" + text + "\"}}").get("id").asText();
        assertEquals(text, http.get("/api/v1/events/" + id).json().get("data").get("t").asText());
    }
}
