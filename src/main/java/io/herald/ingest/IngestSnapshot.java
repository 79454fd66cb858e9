package io.herald.ingest;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.core.Timestamps;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * {@link IngestState} on disk, written whole to a temporary file, synced, then renamed over the old one: after a
 * crash the file is either the old snapshot or the new one, never half of each. Recovery loads it and replays
 * the journal entries after its seq.
 */
final class IngestSnapshot {
    private IngestSnapshot() {}

    static void write(IngestState s, long seq, Path file) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp);
             JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeNumberField("seq", seq);
            g.writeObjectFieldStart("resources");
            for (Map.Entry<String, ResourceState> e : s.resources.entrySet()) {
                if (e.getValue().seq() > seq) continue;
                g.writeObjectFieldStart(e.getKey());
                g.writeObjectField("state", e.getValue().state());
                g.writeNumberField("seq", e.getValue().seq());
                g.writeStringField("updatedAt", Timestamps.format(e.getValue().updatedAt()));
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
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Loads a snapshot into an empty state; answers its seq, 0 when there is none. */
    static long read(Path file, IngestState s) throws IOException {
        if (!Files.exists(file)) return 0;
        ObjectNode root;
        try (JsonParser p = Json.MAPPER.getFactory().createParser(file.toFile())) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw new IOException("not a snapshot: " + file);
            root = Json.MAPPER.readTree(p);
        }
        root.get("resources").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            s.resources.put(e.getKey(), new ResourceState((ObjectNode) v.get("state"), v.get("seq").asLong(),
                    Timestamps.parse(v.get("updatedAt").asText())));
        });
        root.get("idempotency").fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            s.idempotency.put(e.getKey(), new Accepted(v.get("id").asText(), v.get("seq").asLong(),
                    Timestamps.parse(v.get("createdAt").asText()), false));
        });
        root.get("producerIds").fields().forEachRemaining(e -> s.producerIds.put(e.getKey(), e.getValue().asLong()));
        // absent in snapshots written before tenants
        root.path("tenants").fields().forEachRemaining(e -> s.tenants.put(e.getKey(),
                new LastEvent(e.getValue().get("seq").asLong(), Timestamps.parse(e.getValue().get("at").asText()))));
        long seq = root.get("seq").asLong();
        s.appliedSeq = seq;
        return seq;
    }
}
