package io.herald.cluster;

import io.herald.core.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where {@link DeliveryLogReplica} got to, as one line {@code POSITION NEXT0 NEXT1 ...}: every local record up to
 * POSITION came from a record before NEXTp of its partition p. Written whole ({@link AtomicFile}). None is a first
 * start (0 everywhere: the topic is read from its beginning into an empty store).
 */
final class DeliveryOffsets {
    private static final Logger log = LoggerFactory.getLogger(DeliveryOffsets.class);

    record Saved(long position, long[] next) {}

    private final Path file;
    private final int partitions;

    DeliveryOffsets(Path file, int partitions) {
        this.file = file;
        this.partitions = partitions;
    }

    /**
     * @throws IllegalStateException for a damaged file: applying the topic again over the local store would show
     *     every record twice, so start-up refuses (move the local delivery log and this file away together)
     */
    Saved read() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return new Saved(0, new long[partitions]);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            long[] all = Arrays.stream(text.split(" ")).mapToLong(Long::parseLong).toArray();
            if (all.length != partitions + 1) throw new NumberFormatException(all.length + " numbers");
            return new Saved(all[0], Arrays.copyOfRange(all, 1, all.length));
        } catch (NumberFormatException e) {
            throw new IllegalStateException(file + " is damaged (" + e.getMessage() + "): move it away together with"
                    + " the deliveries folder, and this node reads the delivery log from Kafka again");
        }
    }

    void write(long position, long[] next) {
        StringBuilder b = new StringBuilder().append(position);
        for (long n : next) b.append(' ').append(n);
        try {
            AtomicFile.write(file, b.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            log.warn("delivery_offsets_write_failed file={} reason=\"{}\" (a restart passes over what it applied by"
                    + " counting)", file, e.getMessage());
        }
    }
}
