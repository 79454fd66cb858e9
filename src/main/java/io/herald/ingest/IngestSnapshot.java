package io.herald.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.AtomicFile;
import io.herald.core.EventCodec;
import io.herald.core.Json;
import io.herald.core.StateFile;
import io.herald.core.Timestamps;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link IngestState} on disk, written whole with {@link AtomicFile}: after a crash the file is either the old
 * snapshot or the new one, never half of each. Recovery loads it and replays the journal entries after its seq.
 */
final class IngestSnapshot {
    // the logger ingest's lines have always had
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);

    private IngestSnapshot() {}

    static void write(IngestState s, long seq, Path file) throws IOException {
        AtomicFile.write(file, out -> {
            try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
                write(s, seq, g);
            }
        });
    }

    private static void write(IngestState s, long seq, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeNumberField("seq", seq);
        g.writeObjectFieldStart("resources");
        for (Map.Entry<String, ResourceState> e : s.resources.entrySet()) {
            if (e.getValue().seq() > seq) continue;
            g.writeObjectFieldStart(e.getKey());
            g.writeObjectField("state", e.getValue().state());
            g.writeNumberField("seq", e.getValue().seq());
            g.writeStringField("updatedAt", Timestamps.format(e.getValue().updatedAt()));
            if (e.getValue().tenant() != null) g.writeStringField("tenant", e.getValue().tenant());
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("idempotency");
        for (Map.Entry<String, Accepted> e : s.idempotency.entrySet()) {
            if (e.getValue().seq() > seq) continue;
            g.writeObjectFieldStart(e.getKey());
            g.writeStringField("id", e.getValue().id());
            g.writeNumberField("seq", e.getValue().seq());
            g.writeStringField("createdAt", Timestamps.format(e.getValue().createdAt()));
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeObjectFieldStart("producerIds");
        for (Map.Entry<String, Long> e : s.producerIds.entrySet()) {
            if (e.getValue() <= seq) g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeObjectFieldStart("tenants");
        for (Map.Entry<String, LastEvent> e : s.tenants.entrySet()) {
            if (e.getValue().seq() > seq) continue;
            g.writeObjectFieldStart(e.getKey());
            g.writeNumberField("seq", e.getValue().seq());
            g.writeStringField("at", Timestamps.format(e.getValue().at()));
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
    }

    /**
     * Loads a snapshot into an empty state; answers its seq, 0 when there is none.
     * @throws StateFile.Damaged when it cannot be read whole; {@code s} is then left untouched
     */
    static long read(Path file, IngestState s) throws StateFile.Damaged {
        ObjectNode root = StateFile.readObject(file);
        if (root == null) return 0;
        JsonNode seqNode = StateFile.required(root, "seq", "the snapshot");
        if (!seqNode.canConvertToLong() || seqNode.asLong() < 0) throw new StateFile.Damaged("\"seq\" is not a seq");
        Map<String, ResourceState> resources = new HashMap<>();
        Map<String, Accepted> idempotency = new HashMap<>();
        Map<String, Long> producerIds = new HashMap<>();
        Map<String, LastEvent> tenants = new HashMap<>();
        String where = "resources";
        try {
            for (Map.Entry<String, JsonNode> e : section(root, where).properties()) {
                JsonNode v = e.getValue();
                if (!(v.get("state") instanceof ObjectNode state)) throw new IllegalArgumentException("no state");
                JsonNode tenant = v.get("tenant"); // absent: no tenant, or a snapshot written before resources kept it
                resources.put(e.getKey(), new ResourceState(state, v.get("seq").asLong(),
                        Timestamps.parse(v.get("updatedAt").asText()), tenant == null ? null : tenant.asText()));
            }
            where = "idempotency";
            for (Map.Entry<String, JsonNode> e : section(root, where).properties()) {
                JsonNode v = e.getValue();
                idempotency.put(e.getKey(), new Accepted(v.get("id").asText(), v.get("seq").asLong(),
                        Timestamps.parse(v.get("createdAt").asText()), false));
            }
            where = "producerIds";
            for (Map.Entry<String, JsonNode> e : section(root, where).properties()) {
                producerIds.put(e.getKey(), e.getValue().asLong());
            }
            where = "tenants"; // absent in snapshots written before tenants
            for (Map.Entry<String, JsonNode> e : root.path(where).properties()) {
                tenants.put(e.getKey(), new LastEvent(e.getValue().get("seq").asLong(),
                        Timestamps.parse(e.getValue().get("at").asText())));
            }
        } catch (RuntimeException e) { // a missing field, a state that is not an object, a timestamp that does not parse
            throw new StateFile.Damaged("an entry of \"" + where + "\" cannot be read (" + e.getClass().getSimpleName() + ")");
        }
        s.resources.putAll(resources);
        s.idempotency.putAll(idempotency);
        s.producerIds.putAll(producerIds);
        s.tenants.putAll(tenants);
        s.appliedSeq = seqNode.asLong();
        return s.appliedSeq;
    }

    private static ObjectNode section(ObjectNode root, String name) throws StateFile.Damaged {
        JsonNode n = StateFile.required(root, name, "the snapshot");
        if (!(n instanceof ObjectNode o)) throw new StateFile.Damaged("\"" + name + "\" is not an object");
        return o;
    }

    /** What {@link #recover} found: the snapshot's seq, how many entries followed it, the newest one's createdAt. */
    record Recovered(long snapshotSeq, long replayed, Instant newest) {}

    /**
     * Loads the snapshot into {@code state} and applies the journal's entries after it. A snapshot that cannot be
     * read is rebuilt from the journal, with a warning: what the journal no longer holds (retention deleted it) is
     * lost.
     */
    static Recovered recover(Path file, IngestState state, Journal journal) {
        long from;
        try {
            from = read(file, state);
        } catch (StateFile.Damaged e) {
            long first = journal.firstSeq();
            log.warn("ingest_snapshot_rebuilt file={} reason=\"{}\": rebuilding resource state, idempotency keys and"
                    + " producer ids from the retained journal (from seq {}); {}", file, e.getMessage(), first,
                    first <= 1 ? "it holds every event, so nothing is lost"
                            : "the state of resources whose events retention already deleted (seq 1 to " + (first - 1)
                            + ") is lost");
            from = 0;
        }
        long replayed = 0;
        Instant newest = null;
        try (Journal.Tail r = journal.tail(from)) {
            for (JournalEntry e; (e = r.next()) != null; replayed++) {
                EventCodec.Decoded d = EventCodec.decode(e.seq(), e.bytes());
                state.apply(d.event(), d.idempotencyKey());
                newest = d.event().createdAt();
            }
        }
        return new Recovered(from, replayed, newest);
    }
}
