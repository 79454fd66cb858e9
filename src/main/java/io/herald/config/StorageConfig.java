package io.herald.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * {@code storage:}; dir is resolved against the working directory. {@code kafka} is the {@code storage.kafka:}
 * section, or null when absent; it is used only with {@link Kind#KAFKA} (CONTRACT 11).
 */
public record StorageConfig(Path dir, Duration retention, Kind kind, KafkaConfig kafka) {
    public enum Kind { LOCAL, KAFKA }

    public StorageConfig {
        if (kind == Kind.KAFKA && kafka == null) throw new IllegalArgumentException("kind kafka needs storage.kafka");
    }

    /** Local storage: Chronicle Queue under dir (the default). */
    public StorageConfig(Path dir, Duration retention) {
        this(dir, retention, Kind.LOCAL, null);
    }

    public boolean cluster() {
        return kind == Kind.KAFKA;
    }
}
