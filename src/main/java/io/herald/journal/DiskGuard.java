package io.herald.journal;

import io.herald.core.HeraldException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Refuses appends while the disk is nearly full. Chronicle writes through memory-mapped files, and touching a
 * mapped page that the filesystem cannot back kills the JVM with SIGBUS; refusing early turns a full disk into
 * a clean 503 instead of a crash.
 */
public final class DiskGuard {
    public static final long DEFAULT_MIN_FREE = 256L * 1024 * 1024;
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final long minFreeBytes;
    private volatile long checkedAt = Long.MIN_VALUE / 2;
    private volatile boolean ok = true;

    public DiskGuard(long minFreeBytes) {
        this.minFreeBytes = minFreeBytes;
    }

    void check(Path dir) {
        if (!ok(dir)) {
            throw HeraldException.unavailable("the journal cannot take writes: less than " + (minFreeBytes >> 20)
                    + " MB free on the storage disk", null);
        }
    }

    boolean ok(Path dir) {
        long now = System.nanoTime();
        if (now - checkedAt > CHECK_EVERY_NANOS) {
            checkedAt = now;
            try {
                ok = Files.getFileStore(dir).getUsableSpace() >= minFreeBytes;
            } catch (IOException e) {
                ok = false;
            }
        }
        return ok;
    }

    void markFailed() {
        ok = false;
        checkedAt = System.nanoTime();
    }
}
