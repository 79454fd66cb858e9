package io.herald.delivery;

import com.fasterxml.jackson.core.type.TypeReference;
import io.herald.core.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which subscriptions Herald (a 410, too many failures) or an operator disabled, kept under storage.dir so that
 * it survives restarts and config reloads. Written whole and renamed into place: never half-written.
 */
public final class SubscriptionStates {
    private final Path file;
    private final Map<String, String> disabled;

    public SubscriptionStates(Path file) {
        this.file = file;
        try {
            this.disabled = Files.exists(file)
                    ? new TreeMap<>(Json.MAPPER.readValue(file.toFile(), new TypeReference<Map<String, String>>() {}))
                    : new TreeMap<>();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The reason a subscription is disabled, or null. */
    public synchronized String disabledReason(String id) {
        return disabled.get(id);
    }

    public synchronized void disable(String id, String reason) {
        disabled.put(id, reason);
        save();
    }

    public synchronized void enable(String id) {
        if (disabled.remove(id) != null) save();
    }

    private void save() {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.write(tmp, Json.bytes(disabled));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
