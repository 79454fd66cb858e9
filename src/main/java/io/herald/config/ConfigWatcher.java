package io.herald.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code config-watcher} thread: compares the file's bytes every 500 ms (mtime alone misses fast edits) and
 * hands a valid new config to its owner. An invalid edit is logged with the key at fault and ignored.
 */
public final class ConfigWatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);
    static final long POLL_MS = 500;

    private final Path file;
    private final Consumer<Config> onChange;
    private final Thread thread;
    private volatile boolean stopping;
    private byte[] last;

    public ConfigWatcher(Path file, Consumer<Config> onChange) {
        this.file = file;
        this.onChange = onChange;
        this.last = read();
        this.thread = new Thread(this::run, "config-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (!stopping) {
            try {
                Thread.sleep(POLL_MS);
                check();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.error("config_watch_failed, will keep running", e);
            }
        }
    }

    private void check() {
        byte[] now = read();
        if (now == null || Arrays.equals(now, last)) return;
        last = now;
        try {
            onChange.accept(ConfigLoader.load(file));
        } catch (ConfigException e) {
            log.warn("config_reload_refused reason=\"{}\" (the running config stays)", e.getMessage());
        }
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        stopping = true;
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
