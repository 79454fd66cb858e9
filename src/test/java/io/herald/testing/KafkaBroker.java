package io.herald.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one JVM) as a child process, from the
 * jars the build copies into {@code target/kafka/lib} (src/kafka-broker/pom.xml; failsafe passes the path as
 * {@code herald.kafka.lib}). Its own temp data dir, free loopback ports, {@code auto.create.topics.enable=false}
 * as users' brokers have it. One per test class:
 * <pre>{@code @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();}</pre>
 * JUnit then starts it before the class and stops it after, also when a test fails; {@link #stop()} and
 * {@link #start()} take it away and bring it back on the same ports (a formatted KRaft dir restarts only on the
 * ports it was formatted with). A shutdown hook kills it if the test JVM exits first, and a watchdog shell if the
 * test JVM is killed outright. Its data dir (and the
 * broker's log) is deleted on close, unless {@code -Dherald.kafka.keep=true}.
 */
public final class KafkaBroker implements BeforeAllCallback, AfterAllCallback, AutoCloseable {
    /** GROUND.md: 4-10 s on this machine when idle; several builds at once make it slower. */
    private static final Duration START_DEADLINE = Duration.ofSeconds(90);
    private static final Duration STOP_DEADLINE = Duration.ofSeconds(30);
    private static final String STARTED = "Kafka Server started";

    private Path dir;
    private int port;
    private int controllerPort;
    private int starts;
    private Process process;
    private Process watchdog;
    private Thread killer;

    /** Where the build put the broker's jars. */
    public static Path lib() {
        Path lib = Path.of(System.getProperty("herald.kafka.lib", "target/kafka/lib"));
        if (!Files.isDirectory(lib)) {
            throw new IllegalStateException(lib + " is missing: `mvn verify` copies the Kafka broker's jars there before"
                    + " the integration tests (or: mvn -f src/kafka-broker/pom.xml package)");
        }
        return lib;
    }

    /** "127.0.0.1:PORT", for storage.kafka.bootstrap-servers and the clients. */
    public String bootstrapServers() {
        if (dir == null) throw new IllegalStateException("the broker was never started");
        return "127.0.0.1:" + port;
    }

    public Path dir() {
        return dir;
    }

    /** Formats a new data dir on free ports the first time; starts the broker; returns once it is ready. */
    public synchronized KafkaBroker start() {
        if (process != null && process.isAlive()) return this;
        try {
            if (dir == null) format();
            Path log = dir.resolve("broker-" + (++starts) + ".log");
            process = new ProcessBuilder(List.of(java(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-Dlog4j2.level=INFO", "-cp", lib().toAbsolutePath() + "/*", "kafka.Kafka",
                    dir.resolve("server.properties").toString()))
                    .directory(dir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            watchdog = watchdog(ProcessHandle.current().pid(), process.pid(), dir);
            if (killer == null) {
                killer = new Thread(this::kill, "kafka-broker-killer");
                Runtime.getRuntime().addShutdownHook(killer);
            }
            Process started = process;
            Poll.until(START_DEADLINE, "the Kafka broker to start (log: " + log + ")", () -> {
                if (!started.isAlive()) {
                    throw new AssertionError("the Kafka broker exited " + started.exitValue() + ":\n" + tail(log));
                }
                return contains(log, STARTED);
            });
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            kill();
            throw e;
        }
    }

    /** SIGTERM, then SIGKILL if it has not exited within 30 s. The data dir and ports stay for {@link #start()}. */
    public synchronized void stop() {
        if (process == null) return;
        process.destroy();
        try {
            if (!process.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) kill();
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
        }
        if (watchdog != null) watchdog.destroyForcibly(); // it would leave within a second anyway
        process = null;
        watchdog = null;
    }

    /** Stops the broker and deletes its data dir. */
    @Override
    public synchronized void close() {
        try {
            stop();
        } finally {
            if (killer != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(killer);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs anyway
                }
                killer = null;
            }
            if (dir != null && !Boolean.getBoolean("herald.kafka.keep")) delete(dir);
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    /**
     * A shell that ends the broker if the test JVM dies without running its shutdown hooks (kill -9, a fork
     * timeout): a 400 MB broker left behind on a shared machine. It exits by itself once the broker has.
     */
    private static Process watchdog(long testJvm, long broker, Path dir) throws IOException {
        String alive = "kill -0 " + broker + " 2>/dev/null";
        String script = "while kill -0 " + testJvm + " 2>/dev/null && " + alive + "; do sleep 1; done\n"
                + "if " + alive + "; then\n" // the test JVM went first
                + "  kill -TERM " + broker + "; i=0\n"
                + "  while " + alive + " && [ $i -lt 30 ]; do sleep 1; i=$((i+1)); done\n"
                + "  kill -KILL " + broker + " 2>/dev/null\n"
                + (Boolean.getBoolean("herald.kafka.keep") ? "" : "  rm -rf '" + dir + "'\n")
                + "fi\n";
        return new ProcessBuilder("sh", "-c", script)
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private void kill() {
        if (watchdog != null) watchdog.destroyForcibly();
        Process p = process;
        if (p == null) return;
        p.destroyForcibly();
        try {
            p.waitFor(STOP_DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void format() throws IOException {
        dir = Files.createTempDirectory("herald-kafka-");
        port = freePort();
        controllerPort = freePort();
        while (controllerPort == port) controllerPort = freePort();
        Files.writeString(dir.resolve("server.properties"), serverProperties(dir.resolve("data"), port, controllerPort));
        Path log = dir.resolve("format.log");
        Process format = new ProcessBuilder(List.of(java(), "-Dlog4j2.level=WARN", "-cp", lib().toAbsolutePath() + "/*",
                "kafka.tools.StorageTool", "format", "--standalone", "-t", clusterId(), "-c",
                dir.resolve("server.properties").toString()))
                .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!format.waitFor(START_DEADLINE.toMillis(), TimeUnit.MILLISECONDS) || format.exitValue() != 0) {
                format.destroyForcibly();
                throw new AssertionError("formatting the Kafka data dir failed:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            format.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted formatting the Kafka data dir");
        }
    }

    /** GROUND.md's single-node KRaft settings: every replication factor and ISR minimum 1. */
    static String serverProperties(Path data, int port, int controllerPort) {
        return """
                process.roles=broker,controller
                node.id=1
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                controller.quorum.bootstrap.servers=127.0.0.1:%2$d
                log.dirs=%3$s
                auto.create.topics.enable=false
                offsets.topic.replication.factor=1
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                share.coordinator.state.topic.replication.factor=1
                share.coordinator.state.topic.min.isr=1
                min.insync.replicas=1
                group.initial.rebalance.delay.ms=0
                """.formatted(port, controllerPort, data);
    }

    /**
     * A KRaft cluster id: 16 random bytes, base64url without padding (22 characters), never starting with '-' (the
     * format tool would take it for an option, one time in 64; Kafka's own {@code Uuid.randomUuid} avoids it too).
     */
    static String clusterId() {
        while (true) {
            UUID u = UUID.randomUUID();
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits())
                    .putLong(u.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
            if (id.charAt(0) != '-') return id;
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static java.io.File nullFile() {
        return new java.io.File("/dev/null");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static boolean contains(Path log, String text) {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.anyMatch(l -> l.contains(text));
        } catch (IOException | UncheckedIOException e) {
            return false; // not written yet, or a line cut in the middle of a character
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    private static void delete(Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is not worth failing a test for
        }
    }
}
