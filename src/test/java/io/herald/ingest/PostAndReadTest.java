package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostAndReadTest {
    @TempDir Path dir;
    Herald herald;
    Http http;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "");
        http = herald.http();
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    @Test
    void a_post_answers_202_with_id_seq_and_createdAt_and_reads_back_as_the_stored_event() {
        JsonNode a = herald.postEvent("{\"type\":\"render.completed\",\"data\":{\"fps\":30}}");
        assertTrue(a.get("id").asText().startsWith("evt_"));
        assertEquals(1, a.get("seq").asLong());
        assertTrue(a.get("createdAt").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        JsonNode e = http.get("/api/v1/events/" + a.get("id").asText()).json();
        assertEquals("render.completed", e.get("type").asText());
        assertEquals(30, e.get("data").get("fps").asInt());
        assertEquals(a.get("createdAt"), e.get("createdAt"));
        assertFalse(e.has("previous"), "no resource, no previous");
        assertFalse(e.has("_key"));
    }

    @Test
    void resource_events_store_state_and_carry_previous_of_changed_fields() {
        String r = ",\"resource\":{\"type\":\"render-jobs\",\"id\":\"550e8400\"}";
        JsonNode first = herald.postEvent("{\"type\":\"render.started\",\"data\":{\"status\":\"rendering\",\"fps\":30}" + r + "}");
        herald.postEvent("{\"type\":\"render.completed\",\"data\":{\"status\":\"complete\",\"fps\":30,\"url\":\"u\"}" + r + "}");
        JsonNode events = http.get("/api/v1/events?resource=render-jobs/550e8400").json().get("events");
        assertEquals(2, events.size());
        assertEquals("{}", events.get(0).get("previous").toString());
        assertEquals("{\"status\":\"rendering\",\"url\":null}", events.get(1).get("previous").toString());
        JsonNode state = http.get("/api/v1/resources/render-jobs/550e8400").json();
        assertEquals("complete", state.get("state").get("status").asText());
        assertEquals(2, state.get("seq").asLong());
        assertEquals("render-jobs", state.get("resource").get("type").asText());
        assertEquals(404, http.get("/api/v1/resources/render-jobs/never").status());
        assertEquals(first.get("id"), events.get(0).get("id"));
    }

    @Test
    void listing_filters_by_type_pattern_and_pages_with_next() {
        for (int i = 0; i < 5; i++) herald.postEvent("{\"type\":\"render.progress\",\"data\":{\"i\":" + i + "}}");
        herald.postEvent("{\"type\":\"file.ready\",\"data\":{}}");
        JsonNode page = http.get("/api/v1/events?type=render.*&limit=3").json();
        assertEquals(3, page.get("events").size());
        assertEquals(3, page.get("next").asLong());
        JsonNode rest = http.get("/api/v1/events?type=render.*&limit=3&after=3").json();
        assertEquals(2, rest.get("events").size());
        assertTrue(rest.get("next").isNull());
        assertEquals(1, http.get("/api/v1/events?type=file.ready").json().get("events").size());
    }

    @Test
    void an_idempotency_key_or_producer_id_makes_a_repeat_a_200_duplicate_with_the_first_id() {
        HttpRequest.Builder b = http.builder("/api/v1/events").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}"));
        Http.Response first = http.send(b);
        Http.Response again = http.send(http.builder("/api/v1/events").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"other\",\"data\":{\"x\":1}}")));
        assertEquals(202, first.status());
        assertEquals(200, again.status());
        assertEquals(first.json().get("id"), again.json().get("id"));
        assertTrue(again.json().get("duplicate").asBoolean());

        JsonNode p1 = herald.postEvent("{\"id\":\"job-42:done\",\"type\":\"a.b\",\"data\":{}}");
        Http.Response p2 = http.post("/api/v1/events", "{\"id\":\"job-42:done\",\"type\":\"a.b\",\"data\":{}}");
        assertEquals("job-42:done", p1.get("id").asText());
        assertEquals(200, p2.status());
        assertEquals(2, herald.lastSeq(), "repeats wrote nothing");
        assertEquals("job-42:done", http.get("/api/v1/events/job-42:done").json().get("id").asText());
    }

    @Test
    void a_batch_is_accepted_whole_in_order() {
        Http.Response r = http.post("/api/v1/events/batch",
                "{\"events\":[{\"type\":\"a.one\",\"data\":{}},{\"type\":\"a.two\",\"data\":{}}]}");
        assertEquals(202, r.status());
        JsonNode answers = r.json().get("events");
        assertEquals(2, answers.size());
        assertEquals(1, answers.get(0).get("seq").asLong());
        assertEquals(2, answers.get(1).get("seq").asLong());
    }

    @Test
    void curl_d_form_content_type_is_accepted_when_the_body_is_json() {
        Http.Response r = http.send(http.builder("/api/v1/events")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
        assertEquals(202, r.status());
    }

    @Test
    void state_ids_and_idempotency_survive_a_restart() {
        JsonNode a = herald.postEvent("{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{\"s\":1},\"resource\":{\"type\":\"t\",\"id\":\"1\"}}");
        herald.restart();
        http = herald.http();
        assertEquals(200, http.post("/api/v1/events", "{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{}}").status());
        assertEquals(1, http.get("/api/v1/resources/t/1").json().get("state").get("s").asInt());
        JsonNode b = herald.postEvent("{\"type\":\"a.b\",\"data\":{\"s\":2},\"resource\":{\"type\":\"t\",\"id\":\"1\"}}");
        assertEquals(a.get("seq").asLong() + 1, b.get("seq").asLong());
        assertEquals("{\"s\":1}", http.get("/api/v1/events/" + b.get("id").asText()).json().get("previous").toString());
    }
}
