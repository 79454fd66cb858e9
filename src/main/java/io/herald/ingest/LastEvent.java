package io.herald.ingest;

import java.time.Instant;

/** A tenant's newest event: its seq (retention forgets the tenant once that is deleted) and its time. */
public record LastEvent(long seq, Instant at) {}
