package io.herald.delivery;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

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
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(seq), StandardCharsets.US_ASCII);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
