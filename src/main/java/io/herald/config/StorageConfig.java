package io.herald.config;

import java.nio.file.Path;
import java.time.Duration;

/** {@code storage:}; dir is resolved against the working directory. */
public record StorageConfig(Path dir, Duration retention) {}
