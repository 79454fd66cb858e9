package io.herald.delivery;

import io.herald.core.AtomicFile;
import io.herald.core.StateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restart point of fan-out: every delivery of every event up to this seq is final. Written to a temporary
 * file, synced and renamed, so a crash leaves the old value or the new one.
 *
 * <p>It can always be rebuilt, so a damaged one never stops Herald: fan-out starts again from the beginning of the
 * retained journal, and the delivery log, read before fan-out starts, tells it which deliveries are already done
 * (they are not sent again). One beyond the journal's end would hold fan-out back until the journal caught up,
 * delivering nothing meanwhile; it is pulled back to the end.
 */
final class Checkpoint {
    private static final Logger log = LoggerFactory.getLogger(Checkpoint.class);
    private final Path file;

    Checkpoint(Path file) {
        this.file = file;
    }

    /**
     * Where fan-out resumes: after 0 for none or a damaged one, never beyond {@code lastSeq}. A damaged or clamped
     * one is written back repaired, so the warning is given once.
     * @throws StateException when the file can be neither read nor repaired (permissions, a failing disk)
     */
    Resume read(long lastSeq) {
        try {
            return new Resume(readOrRepair(lastSeq), lastSeq);
        } catch (IOException e) {
            throw new StateException(file, "cannot read or repair the checkpoint (" + e + ")");
        }
    }

    private long readOrRepair(long lastSeq) throws IOException {
        String text;
        try {
            text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).trim(); // any bytes: it may be damaged
        } catch (NoSuchFileException e) {
            return 0;
        }
        long seq;
        try {
            seq = Long.parseLong(text);
        } catch (NumberFormatException e) {
            seq = -1;
        }
        if (seq < 0) {
            log.warn("checkpoint_rebuilt file={} content=\"{}\" reason=\"not a seq\": fanning out again from the start"
                    + " of the retained journal; the delivery log keeps what was delivered from being sent again",
                    file, printable(text));
            write(0);
            return 0;
        }
        if (seq > lastSeq) {
            log.warn("checkpoint_clamped file={} checkpoint={} lastSeq={}: it is beyond the journal's end; resuming"
                    + " from the end, so that new events are delivered", file, seq, lastSeq);
            write(lastSeq);
            return lastSeq;
        }
        return seq;
    }

    void write(long seq) throws IOException {
        AtomicFile.write(file, Long.toString(seq).getBytes(StandardCharsets.US_ASCII));
    }

    /** At most 40 characters, control characters as '?': the file may hold anything. */
    private static String printable(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return cut.replaceAll("[\\p{Cntrl}\"]", "?");
    }
}
