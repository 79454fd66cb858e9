package io.herald.cluster;

import io.herald.core.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a replica got to in a topic partition: the next offset to apply, in a file under storage.dir, written
 * whole ({@link AtomicFile}). None, or a damaged one, is 0: everything is applied again, which a replica of whole
 * values survives.
 */
final class ReplicaOffset {
    private static final Logger log = LoggerFactory.getLogger(ReplicaOffset.class);
    private final Path file;
    private long written = -1;

    ReplicaOffset(Path file) {
        this.file = file;
    }

    long read() {
        try {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException | RuntimeException e) {
            log.warn("replica_offset_unreadable file={} reason=\"{}\" (applying the topic again from its start)", file,
                    e.getMessage());
            return 0;
        }
    }

    void write(long next) {
        if (next == written) return;
        try {
            AtomicFile.write(file, Long.toString(next).getBytes(StandardCharsets.US_ASCII));
            written = next;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
