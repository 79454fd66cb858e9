package io.herald.ingest;

import java.time.Instant;

/** The answer to one accepted post. */
public record Accepted(String id, long seq, Instant createdAt, boolean duplicate) {
    Accepted asDuplicate() {
        return new Accepted(id, seq, createdAt, true);
    }
}
