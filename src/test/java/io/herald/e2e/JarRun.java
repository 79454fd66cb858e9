package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The built jar run to completion in {@code workDir} (its working directory, where {@code ./config.yaml} is looked
 * for): for the command line and for start-up refusals, which must end the process on their own.
 */
record JarRun(int exit, String stdout, String stderr) {

    static JarRun run(Path workDir, String... args) throws IOException, InterruptedException {
        return run(workDir, List.of(), args);
    }

    /** @param prefix a command the JVM runs under (e.g. setpriv), empty for none */
    static JarRun run(Path workDir, List<String> prefix, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(prefix);
        command.addAll(List.of(HeraldProcess.java(), "-Xmx256m", "-jar", HeraldProcess.jar().toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().remove("HERALD_CONFIG");
        Process p = pb.start();
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("still running after 30 s: " + command + "\nstderr:\n" + Files.readString(err));
        }
        return new JarRun(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    /**
     * Exit 2, no stack trace, and one line saying why: the last line on stderr. Log lines of what had started before
     * the failure may precede it; nothing else may. Answers that line.
     */
    String refusal() {
        assertEquals(2, exit, "exit code; stderr:\n" + stderr);
        assertFalse(stderr.contains("\tat ") || stderr.contains("Exception"), "a stack trace:\n" + stderr);
        List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
        assertFalse(lines.isEmpty(), "nothing on stderr");
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertTrue(LOG_LINE.matcher(l).find(), "not a log line before the refusal: " + l + "\nstderr:\n" + stderr);
        }
        assertTrue(stdout.isBlank(), "nothing on stdout, got:\n" + stdout);
        return lines.get(lines.size() - 1);
    }

    /** A refusal before Herald did anything: the one line is all there is. */
    String onlyLine() {
        String line = refusal();
        assertEquals(line, stderr.strip(), "one line and nothing else on stderr");
        return line;
    }

    private static final java.util.regex.Pattern LOG_LINE =
            java.util.regex.Pattern.compile("^\\d{4}-\\d{2}-\\d{2}T\\S+ \\[[^]]+] (INFO|WARN) ");
}
