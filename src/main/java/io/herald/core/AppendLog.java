package io.herald.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small state file kept as an append-only log of JSON records, one line each: {@code <crc32 hex> <json>\n}.
 * A change costs one short write and one sync however large the state is (rewriting a whole file per change
 * made the 5,000th API subscription take 24 ms to create instead of 4); {@link #rewrite} compacts it now and
 * then.
 *
 * <p>Crash safety: a record is durable once {@link #append} returns. A {@code kill -9} in the middle of an append
 * leaves a last line without its newline: that change was never acknowledged, so opening drops it (and says so).
 * Anything else that does not read back (a bad checksum, a line that is not JSON) is damage Herald cannot
 * repair: opening throws {@link StateException} and start-up refuses. Not thread-safe: the owner serialises.
 */
public final class AppendLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AppendLog.class);

    private final Path file;
    private FileChannel channel;
    private long size;
    private long records;
    /** set when a failed append could not be cut back off: appending more would bury a torn line mid-file */
    private boolean broken;

    private AppendLog(Path file) {
        this.file = file;
    }

    /**
     * Reads every record into {@code replay}, in order, then opens the file for appends (creating it when
     * missing).
     * @throws StateException when the file cannot be read or holds damaged records
     */
    public static AppendLog open(Path file, Consumer<ObjectNode> replay) {
        AppendLog l = new AppendLog(file);
        try {
            Files.deleteIfExists(tmp(file)); // a compaction that did not finish: the log itself is whole
            boolean existed = Files.exists(file);
            byte[] bytes = existed ? Files.readAllBytes(file) : new byte[0];
            long good = l.read(bytes, replay);
            l.channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            if (good < bytes.length) {
                log.warn("state_log_torn_tail file={} dropped_bytes={} (a change cut off by a crash, never acknowledged)",
                        file, bytes.length - good);
                l.channel.truncate(good);
                l.channel.force(true);
            }
            l.size = good;
            if (!existed) AtomicFile.syncDirectory(file.toAbsolutePath().getParent());
        } catch (IOException e) {
            l.closeQuietly();
            throw new StateException(file, "cannot read or open the file (" + e.getMessage() + ")");
        } catch (RuntimeException e) {
            l.closeQuietly();
            throw e;
        }
        return l;
    }

    /** Writes a new log holding {@code state}, whole or not at all (for a migration from another file). */
    public static void create(Path file, List<ObjectNode> state) throws IOException {
        AtomicFile.write(file, lines(state));
    }

    /** Replays every whole line; answers how many bytes were whole lines. */
    private long read(byte[] bytes, Consumer<ObjectNode> replay) {
        int start = 0;
        int line = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != '\n') continue;
            line++;
            replay.accept(parse(bytes, start, i, line));
            records++;
            start = i + 1;
        }
        return start;
    }

    private ObjectNode parse(byte[] bytes, int from, int to, int line) {
        if (to - from < 10 || bytes[from + 8] != ' ') throw damaged(line, "not a record");
        String crc = new String(bytes, from, 8, StandardCharsets.US_ASCII);
        CRC32 sum = new CRC32();
        sum.update(bytes, from + 9, to - from - 9);
        if (!crc.equals(hex(sum.getValue()))) throw damaged(line, "its checksum does not match");
        try {
            JsonNode n = Json.MAPPER.readTree(bytes, from + 9, to - from - 9);
            if (n instanceof ObjectNode o) return o;
        } catch (IOException e) {
            // reported below
        }
        throw damaged(line, "not a JSON object");
    }

    private StateException damaged(int line, String why) {
        return new StateException(file, "line " + line + " is damaged (" + why
                + "); restore the file from a backup or remove it to lose what it holds");
    }

    /** Appends one record and syncs it: durable on return. */
    public void append(ObjectNode record) throws IOException {
        appendAll(List.of(record));
    }

    /** Appends records with one sync for all of them. On failure nothing of them stays in the file. */
    public void appendAll(List<ObjectNode> batch) throws IOException {
        if (broken) throw new IOException(file + " could not be repaired after a failed write; restart Herald");
        ByteBuffer buf = ByteBuffer.wrap(lines(batch));
        try {
            while (buf.hasRemaining()) channel.write(buf, size + buf.position());
            channel.force(false);
        } catch (IOException e) {
            try {
                channel.truncate(size);
            } catch (IOException again) {
                broken = true;
            }
            throw e;
        }
        size += buf.limit();
        records += batch.size();
    }

    /**
     * Replaces the whole log with {@code state} (compaction): written beside it, synced, renamed over it. After a
     * crash the file is the old log or the new one.
     */
    public void rewrite(List<ObjectNode> state) throws IOException {
        Path tmp = tmp(file);
        byte[] bytes = lines(state);
        Files.write(tmp, bytes);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        // renamed while the old channel is still open: if the rename fails, appends go on to the old file
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        AtomicFile.syncDirectory(file.toAbsolutePath().getParent());
        FileChannel old = channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ);
        } catch (IOException e) {
            broken = true; // the old channel now writes to a file that is no longer there
            throw e;
        }
        old.close();
        size = bytes.length;
        records = state.size();
        broken = false;
    }

    /** Records in the file, live or superseded: the owner compacts when this grows well past its live count. */
    public long records() {
        return records;
    }

    private static byte[] lines(List<ObjectNode> batch) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(batch.size() * 256);
        for (ObjectNode r : batch) {
            byte[] json = Json.bytes(r);
            CRC32 sum = new CRC32();
            sum.update(json);
            out.writeBytes(hex(sum.getValue()).getBytes(StandardCharsets.US_ASCII));
            out.write(' ');
            out.writeBytes(json);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static String hex(long crc) {
        String h = Long.toHexString(crc);
        return "0".repeat(8 - h.length()) + h;
    }

    private static Path tmp(Path file) {
        return file.resolveSibling(file.getFileName() + ".tmp");
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException ignored) {
            // already failing
        }
    }

    @Override
    public void close() {
        try {
            if (channel != null) channel.close();
        } catch (IOException e) {
            log.warn("state_log_close_failed file={}", file, e);
        }
    }
}
