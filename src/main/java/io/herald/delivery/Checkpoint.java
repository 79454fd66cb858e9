package io.herald.delivery;

import io.herald.core.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The restart point of fan-out: every delivery of every event up to this seq is final. Written to a temporary
 * file, synced and renamed, so a crash leaves the old value or the new one.
 */
final class Checkpoint {
    private final Path file;

    Checkpoint(Path file) {
        this.file = file;
    }

    long read() throws IOException {
        if (!Files.exists(file)) return 0;
        return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
    }

    void write(long seq) throws IOException {
        AtomicFile.write(file, Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    }
}
