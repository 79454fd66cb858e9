package io.herald.e2e;

import io.herald.testing.Poll;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The built jar as a child process: plain {@code java -jar}, no JVM flags but the heap size. */
final class HeraldProcess implements AutoCloseable {
    static final String API_KEY = "test-key-0123456789";
    static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    static final String TOKEN_SECRET = "0123456789abcdef0123456789abcdef";

    final Path dir;
    final Path config;
    final Path log;
    final int port;
    private Process process;

    HeraldProcess(Path dir, String subscriptionsYaml) throws IOException {
        this(dir, freePort(), null, null, subscriptionsYaml);
    }

    private HeraldProcess(Path dir, int port, String servers, String prefix, String subscriptionsYaml)
            throws IOException {
        this.dir = dir;
        this.config = dir.resolve("config.yaml");
        this.log = dir.resolve("herald.log");
        this.port = port;
        Files.createDirectories(dir);
        String text = config(port, dir.resolve("data"));
        if (servers != null) text = cluster(text, servers, prefix);
        Files.writeString(config, text + subscriptionsYaml);
    }

    /** A node of a cluster (storage.kind: kafka) in {@code dir}: its own storage.dir and port, the rest shared. */
    static HeraldProcess clusterNode(Path dir, String servers, String prefix, String subscriptionsYaml)
            throws IOException {
        return new HeraldProcess(dir, freePort(), servers, prefix, subscriptionsYaml);
    }

    /** The config text with {@code storage.kind: kafka} on these servers and topic prefix. */
    static String cluster(String config, String servers, String prefix) {
        return config.replace("storage:\n", "storage:\n  kind: kafka\n  kafka:\n    bootstrap-servers: \"" + servers
                + "\"\n    topic-prefix: " + prefix + "\n");
    }

    /** The config.yaml these tests run on, without subscriptions. */
    static String config(int port, Path storageDir) {
        return """
                server:
                  port: %d
                storage:
                  dir: %s
                auth:
                  api-keys:
                    - name: test
                      key: "%s"
                  token-secret: "%s"
                delivery:
                  workers: 32
                  timeout: 5s
                  allow-networks: ["127.0.0.0/8"]
                """.formatted(port, storageDir, API_KEY, TOKEN_SECRET);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Path jar() {
        return Path.of(System.getProperty("herald.jar", "target/herald.jar"));
    }

    HeraldProcess start() throws IOException {
        return start(List.of(), List.of("-Xmx256m"));
    }

    /** With these JVM options instead of the heap size alone. */
    HeraldProcess start(List<String> jvmOptions) throws IOException {
        return start(List.of(), jvmOptions);
    }

    /**
     * @param launcher run in front of java, e.g. a shell that lowers the open-file limit and then execs java
     * @param jvmOptions the JVM's options
     */
    HeraldProcess start(List<String> launcher, List<String> jvmOptions) throws IOException {
        List<String> command = new java.util.ArrayList<>(launcher);
        command.add(java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar().toString(), "--config", config.toString()));
        long startsBefore = starts();
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        HttpClient client = HttpClient.newHttpClient();
        Poll.until(Duration.ofSeconds(60), "Herald's /health (log: " + log + ")", () -> {
            if (!process.isAlive()) throw new AssertionError("Herald exited " + process.exitValue() + ":\n" + tail());
            try {
                // HTTP answers a moment before start-up has finished (the dispatcher starts after the port is bound)
                return client.send(HttpRequest.newBuilder(URI.create(base() + "/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200
                        && starts() > startsBefore;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        return this;
    }

    long pid() {
        return process.pid();
    }

    /** How many times the log says Herald started (the log is kept across restarts). */
    private long starts() throws IOException {
        return Files.exists(log) ? Files.readAllLines(log).stream().filter(l -> l.contains("herald_started")).count() : 0;
    }

    String base() {
        return "http://127.0.0.1:" + port;
    }

    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM, then the exit code (or -1 if it did not exit within the timeout). */
    int sigterm(Duration timeout) throws InterruptedException {
        process.destroy();
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) kill9();
    }
}
