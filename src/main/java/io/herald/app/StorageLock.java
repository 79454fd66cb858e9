package io.herald.app;

import io.herald.core.StateException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One Herald per storage.dir (CONTRACT 1): an OS lock on {@code storage.dir/herald.lock}, taken before anything
 * under the directory is read or written and held until {@link #close}. Two Heralds on one directory both
 * delivered every retry, once each. The OS drops the lock when the process dies, {@code kill -9} included, so a
 * crash never leaves a stale lock behind; the file itself stays and holds the owner's pid, for the message.
 */
final class StorageLock implements AutoCloseable {
    static final String FILE = "herald.lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StorageLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Makes sure {@code dir} is a writable directory (creating it if missing) and takes its lock.
     * @throws StateException naming the directory when it is a file, cannot be created, is not writable or is
     *         held by another Herald
     */
    static StorageLock acquire(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new StateException(dir, "storage.dir is not a directory (it is a file): point storage.dir at a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new StateException(dir, "cannot create storage.dir (" + reason(e) + ")");
        }
        if (!Files.isWritable(dir)) {
            throw new StateException(dir, "storage.dir is not writable: give Herald's user write access to it");
        }
        Path file = dir.resolve(FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StateException(dir, "storage.dir is not writable: cannot open " + FILE + " (" + reason(e) + ")");
        }
        try {
            FileLock lock = tryLock(channel);
            if (lock == null) {
                String owner = owner(channel);
                channel.close();
                throw new StateException(dir, "another Herald" + owner + " holds this storage.dir (" + FILE
                        + "): stop it first, or give this one another storage.dir");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            return new StorageLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StateException(dir, "cannot lock " + FILE + " (" + reason(e) + ")");
        }
    }

    /** Null when another process holds it, or another App of this JVM (tests run several). */
    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** " (pid N)" from the file, or "" when it says nothing useful. */
    private static String owner(FileChannel channel) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(32);
            channel.read(buf, 0);
            String pid = new String(buf.array(), 0, buf.position(), StandardCharsets.US_ASCII).trim();
            return pid.matches("\\d{1,10}") ? " (pid " + pid + ")" : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) return "permission denied";
        if (e instanceof FileSystemException f && f.getReason() != null) return f.getReason();
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // already failing: the first error is the one to report
        }
    }

    /** Releases the lock; the file stays (deleting it could race a Herald starting on the same directory). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel below releases it anyway
        }
        closeQuietly(channel);
    }
}
