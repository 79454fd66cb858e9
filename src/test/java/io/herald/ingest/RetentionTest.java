package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.SettableClock;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetentionTest {
    @TempDir Path dir;

    @Test
    void resource_state_and_idempotency_outlive_the_journal_cycles_that_retention_deletes() throws Exception {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-20T23:00:00Z"));
        try (Herald herald = Herald.start(dir, "storage:\n  dir: " + dir.resolve("data") + "\n  retention: 1h\n", clock)) {
            Http http = herald.http();
            JsonNode old = herald.postEvent("{\"type\":\"render.done\",\"data\":{\"status\":\"complete\"},"
                    + "\"resource\":{\"type\":\"render-jobs\",\"id\":\"r1\"}}");
            Http.Response keyed = http.send(http.builder("/api/v1/events").header("Idempotency-Key", "once")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
            assertEquals(202, keyed.status());

            clock.advance(Duration.ofHours(3)); // next day's cycle; the first one is now past retention
            herald.postEvent("{\"type\":\"later.event\",\"data\":{}}");
            herald.app().maintainNow();

            assertEquals(404, http.get("/api/v1/events/" + old.get("id").asText()).status(), "its cycle was deleted");
            assertEquals(3, http.get("/api/v1/events").json().get("events").get(0).get("seq").asLong());
            assertEquals("complete", http.get("/api/v1/resources/render-jobs/r1").json().get("state").get("status").asText());
            Http.Response repeat = http.send(http.builder("/api/v1/events").header("Idempotency-Key", "once")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
            assertEquals(200, repeat.status(), "the key answers within its 24 h although its event is gone");
            assertEquals(keyed.json().get("id"), repeat.json().get("id"));

            herald.restart();
            http = herald.http();
            assertEquals("complete", http.get("/api/v1/resources/render-jobs/r1").json().get("state").get("status").asText());
            assertEquals(200, http.send(http.builder("/api/v1/events").header("Idempotency-Key", "once")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}"))).status());
            JsonNode next = herald.postEvent("{\"type\":\"render.again\",\"data\":{\"status\":\"queued\"},"
                    + "\"resource\":{\"type\":\"render-jobs\",\"id\":\"r1\"}}");
            assertEquals(4, next.get("seq").asLong());
            assertEquals("{\"status\":\"complete\"}",
                    http.get("/api/v1/events/" + next.get("id").asText()).json().get("previous").toString());

            clock.advance(Duration.ofHours(24));
            assertEquals(202, http.send(http.builder("/api/v1/events").header("Idempotency-Key", "once")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}"))).status(),
                    "after 24 h the key is free again");
        }
    }
}
