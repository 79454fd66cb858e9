package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupIT {
    @TempDir Path dir;

    record Run(int exit, String stdout, String stderr) {}

    Run run(String configYaml) throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, configYaml);
        Process p = new ProcessBuilder(List.of(HeraldProcess.java(), "-jar", HeraldProcess.jar().toString(), "--config", config.toString()))
                .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "Herald should exit on a bad config");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    @Test
    void a_bad_config_exits_2_with_one_line_naming_the_key_and_no_stack_trace() throws Exception {
        String keys = "auth:\n  api-keys:\n    - name: a\n      key: some-key\n";
        Run timeout = run(keys + "delivery:\n  timeout: ten\n");
        assertEquals(2, timeout.exit());
        assertEquals("bad.yaml: delivery.timeout: \"ten\" is not a duration", timeout.stderr().trim());
        Run typo = run(keys + "server:\n  prot: 1\n");
        assertEquals(2, typo.exit());
        assertTrue(typo.stderr().contains("server.prot: unknown key"), typo.stderr());
        for (Run r : List.of(timeout, typo)) {
            assertFalse(r.stderr().contains("\tat ") || r.stderr().contains("Exception"), r.stderr());
        }
    }

    @Test
    void the_plain_jar_starts_without_jvm_flags_quietly() throws Exception {
        try (HeraldProcess herald = new HeraldProcess(dir, "").start()) {
            HttpResponse<String> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create(herald.base() + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode());
            assertTrue(health.body().contains("\"status\":\"ok\""));
            String log = Files.readString(herald.log, StandardCharsets.UTF_8);
            assertTrue(log.contains("herald_started"), log);
            for (String noise : List.of("IllegalAccessException", "illegal reflective access", "Chronicle Software", "analytics")) {
                assertFalse(log.contains(noise), "'" + noise + "' in:\n" + log);
            }
        }
    }
}
