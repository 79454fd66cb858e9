package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.SseTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * After a restart the stream tailer reads the journal from its start again (it rebuilds the replay index), while
 * every browser reconnects at once with its Last-Event-ID: what it re-reads must not reach those clients again.
 */
class RestartReplayTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir Path dir;

    @Test
    void a_client_reconnecting_while_the_tailer_catches_up_after_a_restart_gets_no_event_it_already_had() throws Exception {
        try (Herald h = Herald.start(dir, "server:\n  host: 127.0.0.1\n  port: 0\n  max-body: 1MB\n")) {
            StringBuilder batch = new StringBuilder("{\"events\":[");
            for (int i = 0; i < 1000; i++) {
                if (i > 0) batch.append(',');
                batch.append("{\"type\":\"a.b\",\"data\":{\"i\":").append(i).append("},\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}");
            }
            String body = batch.append("]}").toString();
            for (int b = 0; b < 50; b++) assertEquals(202, h.http().post("/api/v1/events/batch", body).status());
            long last = h.lastSeq();
            h.restart();
            String url = "http://127.0.0.1:" + h.app().port() + "/jobs/hot/events?token=" + Herald.API_KEY;
            try (SseTestClient c = new SseTestClient(url, Map.of("Last-Event-ID", Long.toString(last)))) {
                assertEquals(200, c.status);
                h.postEvent("{\"type\":\"a.b\",\"data\":{\"live\":true},\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}");
                assertEquals(Long.toString(last + 1), c.require(WAIT).lastEventId(), "the first event after the one it had");
            }
        }
    }
}
