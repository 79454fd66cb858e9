package io.herald.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.app.App;
import io.herald.config.ConfigLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The real Herald, in process, on port 0, with a real config.yaml and a real journal under a test's temp dir.
 * Tests change its config by rewriting the file, exactly as a user would.
 */
public final class Herald implements AutoCloseable {
    public static final String API_KEY = "test-key-0123456789";
    public static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public static final String DEFAULT_DELIVERY = """
            delivery:
              workers: 16
              timeout: 2s
              retry-schedule: [100ms, 100ms]
              jitter: 0
              allow-networks: ["127.0.0.0/8"]
            """;

    private final Path dir;
    private final Path configFile;
    private final Clock clock;
    private io.herald.journal.DiskGuard disk = new io.herald.journal.DiskGuard(0);
    private App app;
    private java.util.function.Consumer<App> beforeStart = app -> {};
    private Http http;

    private Herald(Path dir, Clock clock) {
        this(dir, clock, "config.yaml");
    }

    private Herald(Path dir, Clock clock, String configFileName) {
        this.dir = dir;
        this.configFile = dir.resolve(configFileName);
        this.clock = clock;
    }

    /** On a config file with another name than config.yaml, as {@code --config} gives. */
    public static Herald startOn(Path dir, String configFileName, String extraYaml) {
        Herald h = new Herald(dir, Clock.systemUTC(), configFileName);
        h.writeConfig(extraYaml);
        h.boot();
        return h;
    }

    /** @param extraYaml top-level YAML sections (delivery:, subscriptions:, formats:) appended to the base */
    public static Herald start(Path dir, String extraYaml) {
        return start(dir, extraYaml, Clock.systemUTC());
    }

    /** With a disk guard that says the disk is full: every append is refused. */
    public static Herald startOnFullDisk(Path dir) {
        Herald h = new Herald(dir, Clock.systemUTC());
        h.disk = new io.herald.journal.DiskGuard(Long.MAX_VALUE);
        h.writeConfig("");
        h.boot();
        return h;
    }

    public static Herald start(Path dir, String extraYaml, Clock clock) {
        Herald h = new Herald(dir, clock);
        h.writeConfig(extraYaml);
        h.boot();
        return h;
    }

    /** With {@code beforeStart} run on the built app before it starts (e.g. a test's smaller dispatcher bounds). */
    public static Herald start(Path dir, String extraYaml, java.util.function.Consumer<App> beforeStart) {
        Herald h = new Herald(dir, Clock.systemUTC());
        h.beforeStart = beforeStart;
        h.writeConfig(extraYaml);
        h.boot();
        return h;
    }

    /** A subscription block for the given receiver url. */
    public static String subscription(String id, String url, String more) {
        return "  - id: " + id + "\n    url: " + url + "\n    secret: " + SECRET + "\n"
                + (more == null || more.isBlank() ? "" : more.indent(4));
    }

    public void writeConfig(String extraYaml) {
        try {
            Files.writeString(configFile, yaml(dir, extraYaml));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The config.yaml of a Herald under {@code dir}: the base, with the sections {@code extraYaml} gives replaced. */
    public static String yaml(Path dir, String extraYaml) {
        String server = extraYaml.contains("server:") ? "" : "server:\n  host: 127.0.0.1\n  port: 0\n  max-body: 64KB\n";
        return server + """
                %sauth:
                  api-keys:
                    - name: test
                      key: "%s"
                  token-secret: "0123456789abcdef0123456789abcdef"
                """.formatted(extraYaml.contains("storage:") ? "" : "storage:\n  dir: " + dir.resolve("data") + "\n", API_KEY)
                + (extraYaml.contains("delivery:") ? "" : DEFAULT_DELIVERY) + extraYaml;
    }

    private void boot() {
        app = App.create(ConfigLoader.load(configFile), configFile, clock, disk);
        beforeStart.accept(app);
        app.start();
        http = new Http("http://127.0.0.1:" + app.port(), API_KEY);
        // the delivery log is read in the background; tests that read deliveries right away need it done
        Poll.until(java.time.Duration.ofSeconds(30), "the delivery log to be loaded",
                () -> http.get("/health").json().path("deliveries").asText().equals("running"));
    }

    /** Stops in order and starts again on the same data, as after a clean restart. */
    public void restart() {
        restart(() -> {});
    }

    /** A clean restart that does {@code whileStopped} (e.g. damages a state file) between the stop and the start. */
    public void restart(Step whileStopped) {
        app.stop();
        app = null;
        try {
            whileStopped.run();
        } catch (Exception e) {
            throw new AssertionError("the step between stop and start failed", e);
        }
        boot();
    }

    /** Something a test does while Herald is stopped. */
    public interface Step {
        void run() throws Exception;
    }

    /**
     * Waits until the dispatch checkpoint reaches {@code seq}: every delivery of every event up to it is final, so a
     * receiver has seen all it ever will of them.
     */
    public void awaitCheckpoint(long seq) {
        Path checkpoint = stateFile("dispatch.checkpoint");
        Poll.until(java.time.Duration.ofSeconds(20), "the dispatch checkpoint to reach " + seq, () -> {
            try {
                return Files.exists(checkpoint) && Files.readString(checkpoint).trim().equals(Long.toString(seq));
            } catch (IOException e) {
                return false;
            }
        });
    }

    /** The file {@code name} under storage.dir. */
    public Path stateFile(String name) {
        return ConfigLoader.load(configFile).storage().dir().resolve(name);
    }

    public App app() {
        return app;
    }

    public Http http() {
        return http;
    }

    public Path configFile() {
        return configFile;
    }

    public JsonNode postEvent(String json) {
        Http.Response r = http.post("/api/v1/events", json);
        if (r.status() != 202) throw new AssertionError("expected 202, got " + r.status() + ": " + r.body());
        return r.json();
    }

    public long lastSeq() {
        return http.get("/health").json().get("lastSeq").asLong();
    }

    @Override
    public void close() {
        if (app != null) app.stop();
    }
}
