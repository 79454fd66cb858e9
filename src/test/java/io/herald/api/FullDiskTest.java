package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FullDiskTest {
    @TempDir Path dir;

    @Test
    void a_full_disk_answers_503_unavailable_and_health_says_so_while_reads_keep_working() {
        try (Herald h = Herald.startOnFullDisk(dir)) {
            Http.Response r = h.http().post("/api/v1/events", "{\"type\":\"a.b\",\"data\":{}}");
            assertEquals(503, r.status());
            assertEquals("unavailable", r.json().get("error").get("code").asText());
            assertEquals(503, h.http().get("/health").status());
            assertEquals("unavailable", h.http().get("/health").json().get("status").asText());
            assertEquals(200, h.http().get("/api/v1/events").status());
        }
    }
}
