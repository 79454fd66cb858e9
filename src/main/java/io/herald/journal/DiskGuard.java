package io.herald.journal;

import io.herald.core.Descriptors;
import io.herald.core.HeraldException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses appends while the disk is nearly full. Chronicle writes through memory-mapped files, and touching a
 * mapped page that the filesystem cannot back kills the JVM with SIGBUS; refusing early turns a full disk into
 * a clean 503 instead of a crash. A refusal names its real cause: a full disk, or a process out of file
 * descriptors, which once showed up as "less than 256 MB free" on an empty disk.
 */
public final class DiskGuard {
    public static final long DEFAULT_MIN_FREE = 256L * 1024 * 1024;
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final long minFreeBytes;
    private volatile long checkedAt = Long.MIN_VALUE / 2;
    /** why appends are refused; null while they are not */
    private volatile String problem;

    public DiskGuard(long minFreeBytes) {
        this.minFreeBytes = minFreeBytes;
    }

    void check(Path dir) {
        if (!ok(dir)) throw HeraldException.unavailable("the journal cannot take writes: " + problem, null);
    }

    boolean ok(Path dir) {
        long now = System.nanoTime();
        if (now - checkedAt > CHECK_EVERY_NANOS) {
            checkedAt = now;
            problem = freeSpaceProblem(dir);
        }
        return problem == null;
    }

    /** Why appends are refused, or null. */
    String problem(Path dir) {
        return ok(dir) ? null : problem;
    }

    /**
     * {@code File.getUsableSpace} is one statvfs call and needs no file descriptor; {@code Files.getFileStore}
     * reads /proc/mounts, so it failed whenever descriptors ran out, and that failure read as a full disk.
     */
    private String freeSpaceProblem(Path dir) {
        long free = dir.toFile().getUsableSpace();
        if (free >= minFreeBytes) return null;
        if (free == 0 && !Files.isDirectory(dir)) return "the journal directory " + dir + " is missing";
        return "less than " + (minFreeBytes >> 20) + " MB free on the storage disk";
    }

    /** An append failed: appends are refused until the next check, with the cause named. */
    void markFailed(Throwable cause) {
        if (Descriptors.isExhaustion(cause)) {
            Descriptors.PROCESS.exhausted("journal");
            problem = Descriptors.PROCESS.describe();
        } else {
            problem = "a write to the storage disk failed";
        }
        checkedAt = System.nanoTime();
    }
}
