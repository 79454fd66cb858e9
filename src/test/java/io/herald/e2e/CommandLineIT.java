package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT 1's command line, on the built jar. Each run happens in a directory whose ./config.yaml is valid, so a
 * run that wrongly starts Herald would create ./data and keep running (the run then fails on its timeout).
 */
class CommandLineIT {
    @TempDir Path dir;

    @BeforeEach
    void aValidConfigInTheWorkingDirectory() throws Exception {
        Files.writeString(dir.resolve("config.yaml"), HeraldProcess.config(HeraldProcess.freePort(), Path.of("data")));
    }

    private void assertNothingStarted() {
        assertFalse(Files.exists(dir.resolve("data")), "Herald started: ./data was created");
    }

    @Test
    void help_prints_every_option_and_exits_0_starting_nothing() throws Exception {
        JarRun r = JarRun.run(dir, "--help");
        assertEquals(0, r.exit(), r.stderr());
        for (String option : List.of("--config PATH", "HERALD_CONFIG", "--help", "--version", "receiver")) {
            assertTrue(r.stdout().contains(option), "usage should mention " + option + ":\n" + r.stdout());
        }
        assertTrue(r.stdout().contains("exit"), "usage should list the exit codes:\n" + r.stdout());
        assertEquals("", r.stderr());
        assertNothingStarted();
    }

    @Test
    void version_prints_herald_and_its_version_and_exits_0() throws Exception {
        JarRun r = JarRun.run(dir, "--version");
        assertEquals(0, r.exit(), r.stderr());
        assertTrue(r.stdout().strip().matches("herald \\d+\\.\\d+\\.\\d+.*"), r.stdout());
        assertEquals("", r.stderr());
        assertNothingStarted();
    }

    @Test
    void a_typo_in_an_option_exits_2_naming_it_instead_of_starting_a_server() throws Exception {
        String line = JarRun.run(dir, "--confg", "x.yaml").onlyLine();
        assertTrue(line.contains("--confg"), line);
        assertNothingStarted();
        String positional = JarRun.run(dir, "config.yaml").onlyLine();
        assertTrue(positional.contains("config.yaml"), positional);
        assertNothingStarted();
    }

    @Test
    void a_missing_option_value_exits_2_naming_the_option() throws Exception {
        String line = JarRun.run(dir, "--config").onlyLine();
        assertTrue(line.contains("--config"), line);
        assertNothingStarted();
    }

    @Test
    void receiver_help_lists_its_options_and_every_built_in_format() throws Exception {
        JarRun r = JarRun.run(dir, "receiver", "--help");
        assertEquals(0, r.exit(), r.stderr());
        for (String option : List.of("--port", "--secret", "--format", "--help")) {
            assertTrue(r.stdout().contains(option), "receiver usage should mention " + option + ":\n" + r.stdout());
        }
        for (String format : io.herald.format.Formats.builtIn()) {
            assertTrue(r.stdout().contains(format), "receiver usage should list format " + format + ":\n" + r.stdout());
        }
        assertEquals("", r.stderr());
    }

    @Test
    void receiver_with_a_bad_argument_exits_2_with_one_line_and_no_stack_trace() throws Exception {
        String secret = HeraldProcess.SECRET;
        String format = JarRun.run(dir, "receiver", "--secret", secret, "--format", "nope").onlyLine();
        assertTrue(format.contains("nope") && format.contains("standard-webhooks"), format);
        assertTrue(JarRun.run(dir, "receiver", "--secret", secret, "--port", "abc").onlyLine().contains("abc"));
        assertTrue(JarRun.run(dir, "receiver", "--secret", secret, "--port", "70000").onlyLine().contains("70000"));
        assertTrue(JarRun.run(dir, "receiver", "--secret", "nope").onlyLine().contains("--secret"));
        assertTrue(JarRun.run(dir, "receiver").onlyLine().contains("--secret"));
        assertTrue(JarRun.run(dir, "receiver", "--secret", secret, "--port").onlyLine().contains("--port"));
        assertTrue(JarRun.run(dir, "receiver", "--secret", secret, "--colour", "red").onlyLine().contains("--colour"));
        try (ServerSocket busy = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(busy.getLocalPort());
            String line = JarRun.run(dir, "receiver", "--secret", secret, "--port", port).onlyLine();
            assertTrue(line.contains("127.0.0.1:" + port), line);
        }
    }
}
