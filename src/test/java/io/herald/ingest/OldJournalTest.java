package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.EventIds;
import io.herald.core.Timestamps;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal written by Herald before the journal gave seqs after the write (until late 2026): each entry held its
 * own {@code "id"} and {@code "seq"}. Herald must start on it and read it as before, and go on from it.
 */
class OldJournalTest {
    @TempDir Path dir;

    /** The old encoding: id and seq first, then the event, then the private fields. */
    private static byte[] oldEntry(String id, long seq, String rest) {
        String at = Timestamps.format(Instant.now().truncatedTo(ChronoUnit.MILLIS)); // inside the idempotency window
        return ("{\"id\":\"" + id + "\",\"seq\":" + seq + ",\"type\":\"a.b\",\"createdAt\":\"" + at + "\","
                + rest + "}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void herald_starts_on_a_journal_whose_entries_hold_their_seq_and_reads_and_continues_it() {
        String made = EventIds.make(1, "0123456789");
        String keyed = EventIds.make(3, "abcdefghij");
        try (ChronicleJournal old = new ChronicleJournal(dir.resolve("data/events"), RollCycles.FAST_DAILY,
                Clock.systemUTC(), new DiskGuard(0))) {
            assertEquals(1, old.append(oldEntry(made, 1,
                    "\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"},\"data\":{\"s\":1},\"previous\":{}")));
            assertEquals(2, old.append(oldEntry("producer-7", 2,
                    "\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"},\"data\":{\"s\":2},\"previous\":{\"s\":1}")));
            assertEquals(3, old.append(oldEntry(keyed, 3, "\"data\":{},\"_key\":\"key:once\"")));
        }
        try (Herald h = Herald.start(dir, "")) {
            JsonNode one = h.http().get("/api/v1/events/" + made).json();
            assertEquals(1, one.get("seq").asLong());
            assertEquals(1, one.get("data").get("s").asInt());
            assertEquals(2, h.http().get("/api/v1/events/producer-7").json().get("seq").asLong());
            JsonNode list = h.http().get("/api/v1/events").json().get("events");
            assertEquals(3, list.size());
            assertEquals(keyed, list.get(2).get("id").asText());
            assertFalse(list.get(2).has("_key"));
            assertEquals("{\"s\":1}", list.get(1).get("previous").toString());
            assertEquals(2, h.http().get("/api/v1/resources/jobs/j1").json().get("seq").asLong());

            Http.Response again = h.http().send(h.http().builder("/api/v1/events").header("Idempotency-Key", "once")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{}}")));
            assertEquals(200, again.status(), again.body());
            assertEquals(keyed, again.json().get("id").asText());
            assertEquals(409, h.http().post("/api/v1/events", "{\"id\":\"" + made + "\",\"type\":\"a.b\",\"data\":{}}")
                    .status(), "an old Herald-made id is still never shared");

            JsonNode next = h.postEvent("{\"type\":\"a.b\",\"data\":{\"s\":3},\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"}}");
            assertEquals(4, next.get("seq").asLong());
            assertEquals(4, EventIds.seqOf(next.get("id").asText()).getAsLong());
            JsonNode read = h.http().get("/api/v1/events/" + next.get("id").asText()).json();
            assertEquals("{\"s\":2}", read.get("previous").toString());
        }
    }
}
