package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT 1 "cannot start" and "one owner", on the built jar: exit 2, one line naming the cause, nothing left running. */
class StorageDirIT {
    @TempDir Path dir;

    private Path config(Path storageDir, int port) throws IOException {
        Path config = Files.createTempFile(dir, "config", ".yaml");
        Files.writeString(config, HeraldProcess.config(port, storageDir));
        return config;
    }

    private JarRun run(Path storageDir, int port, List<String> prefix) throws Exception {
        return JarRun.run(dir, prefix, "--config", config(storageDir, port).toString());
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void a_second_herald_on_the_same_storage_dir_exits_2_before_binding_or_touching_anything() throws Exception {
        try (HeraldProcess first = new HeraldProcess(dir, "").start()) {
            Path data = dir.resolve("data");
            int port = HeraldProcess.freePort();
            String line = run(data, port, List.of()).onlyLine();
            assertTrue(line.contains(data.toString()) && line.contains("another Herald"), line);
            assertFalse(listening(port), "the second Herald bound its port");
            assertTrue(listening(first.port), "the first Herald should still serve");
            assertEquals(0, first.sigterm(Duration.ofSeconds(30)), first.tail());
        }
    }

    @Test
    void a_busy_port_exits_2_naming_host_and_port_without_a_stack_trace() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();
            String line = run(dir.resolve("data"), port, List.of()).onlyLine();
            assertTrue(line.contains("127.0.0.1:" + port), line);
        }
        // the refusal released everything: the same storage.dir starts at once
        try (HeraldProcess herald = new HeraldProcess(dir, "").start()) {
            assertEquals(0, herald.sigterm(Duration.ofSeconds(30)), herald.tail());
        }
    }

    @Test
    void a_storage_dir_that_is_a_file_exits_2_naming_it() throws Exception {
        Path file = Files.writeString(dir.resolve("data"), "not a directory");
        String line = run(file, HeraldProcess.freePort(), List.of()).onlyLine();
        assertTrue(line.contains(file.toString()) && line.contains("not a directory"), line);
        Path below = file.resolve("herald");
        String under = run(below, HeraldProcess.freePort(), List.of()).onlyLine();
        assertTrue(under.contains(below.toString()), under);
    }

    @Test
    void an_unwritable_storage_dir_exits_2_naming_it() throws Exception {
        Path data = Files.createDirectory(dir.resolve("data"));
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            List<String> prefix = List.of();
            if (System.getProperty("user.name").equals("root")) {
                // root ignores permission bits: drop the capability that lets it (the directory stays root's)
                assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "root without setpriv cannot test this");
                prefix = List.of("/usr/bin/setpriv", "--bounding-set=-dac_override,-dac_read_search", "--");
            }
            String line = run(data, HeraldProcess.freePort(), prefix).onlyLine();
            assertTrue(line.contains(data.toString()) && line.contains("not writable"), line);
        } finally {
            Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }
}
