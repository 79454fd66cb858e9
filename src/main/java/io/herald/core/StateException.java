package io.herald.core;

import java.nio.file.Path;

/**
 * State under {@code storage.dir} (or the directory itself) that Herald can neither read nor rebuild: an
 * unreadable API subscription store, a storage.dir that is a file, a lock held by another Herald. Start-up
 * stops whatever had started and {@code Main} exits 2 with this one line (CONTRACT 1); it is never answered
 * to an HTTP client.
 */
public final class StateException extends RuntimeException {
    public StateException(Path path, String problem) {
        super(path + ": " + problem, null, false, false);
    }
}
