package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.LogCapture;
import io.herald.testing.HeraldWithSink;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** An ingest.snapshot Herald cannot read is rebuilt from the retained journal, with a warning, instead of refusing to start. */
class SnapshotRecoveryTest {
    @TempDir Path dir;
    HeraldWithSink h;
    Herald herald;

    @BeforeEach
    void start() throws Exception {
        h = HeraldWithSink.start(dir);
        herald = h.herald;
    }

    @AfterEach
    void stop() {
        h.close();
    }

    private static String damage(String kind, String snapshot) {
        return switch (kind) {
            case "truncated" -> snapshot.substring(0, snapshot.length() / 2);
            case "garbage" -> "\u0000\u0013 not a snapshot";
            default -> kind;
        };
    }

    @ParameterizedTest(name = "{0} snapshot")
    @ValueSource(strings = {"truncated", "garbage", "{}", "", "{\"seq\": 4}"})
    void an_unreadable_snapshot_is_rebuilt_from_the_journal_with_a_warning(String kind) throws Exception {
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"s\":1},\"resource\":{\"type\":\"t\",\"id\":\"1\"}}");
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"s\":2},\"resource\":{\"type\":\"t\",\"id\":\"1\"}}");
        herald.postEvent("{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{}}");
        Http.Response keyed = herald.http().send(herald.http().builder("/api/v1/events").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
        assertEquals(202, keyed.status());
        herald.app().maintainNow();
        Path snapshot = herald.stateFile("ingest.snapshot");
        String good = Files.readString(snapshot);
        assertTrue(good.contains("\"t/1\"") || good.contains("t/1"), good);

        try (LogCapture log = new LogCapture()) {
            herald.restart(() -> Files.writeString(snapshot, damage(kind, good)));
            List<String> warnings = log.linesWith("ingest_snapshot_rebuilt");
            assertEquals(1, warnings.size(), log.text());
            assertTrue(warnings.get(0).contains("WARN") && warnings.get(0).contains(snapshot.toString())
                    && warnings.get(0).contains("lost"), warnings.get(0));
        }
        Http http = herald.http();
        assertEquals(2, http.get("/api/v1/resources/t/1").json().get("state").get("s").asInt(), "state rebuilt");
        assertEquals(200, http.post("/api/v1/events", "{\"id\":\"p-1\",\"type\":\"a.b\",\"data\":{}}").status(),
                "producer ids rebuilt");
        Http.Response again = http.send(http.builder("/api/v1/events").header("Idempotency-Key", "k-1")
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
        assertEquals(200, again.status(), "idempotency keys rebuilt: " + again.body());
        String next = herald.postEvent("{\"type\":\"a.b\",\"data\":{\"s\":3},\"resource\":{\"type\":\"t\",\"id\":\"1\"}}")
                .get("id").asText();
        assertEquals("{\"s\":2}", http.get("/api/v1/events/" + next).json().get("previous").toString());

        h.assertEachEventArrivedOnce(5);
        // the next snapshot is whole again
        herald.app().maintainNow();
        assertTrue(Files.readString(snapshot).startsWith("{\"seq\":5,"), Files.readString(snapshot));
    }
}
