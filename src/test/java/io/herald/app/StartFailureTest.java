package io.herald.app;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import io.herald.core.StateException;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A start that fails part-way stops whatever it had started and lets go of storage.dir. */
class StartFailureTest {
    @TempDir Path dir;

    private Config config(int port) throws Exception {
        Path file = dir.resolve("config-" + port + ".yaml");
        Files.writeString(file, Herald.yaml(dir, "server:\n  host: 127.0.0.1\n  port: " + port + "\n"));
        return ConfigLoader.load(file);
    }

    /** Herald's threads alive now that were not among {@code before}. */
    private static List<String> newHeraldThreads(java.util.Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.isAlive() && !before.contains(t))
                .map(Thread::getName)
                .filter(n -> n.startsWith("dispatch-") || n.startsWith("stream-") || n.startsWith("http-")
                        || n.startsWith("maintenance") || n.startsWith("config-watcher"))
                .toList();
    }

    @Test
    void a_busy_port_is_refused_before_any_state_is_read() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            StartException e = assertThrows(StartException.class,
                    () -> App.create(config(busy.getLocalPort()), null, Clock.systemUTC()));
            assertEquals("127.0.0.1:" + busy.getLocalPort() + ": the port is in use (set server.port to a free one,"
                    + " or stop what listens there)", e.getMessage());
        }
        assertFalse(Files.exists(dir.resolve("data/events")), "no journal opened");
        App.create(config(0), null, Clock.systemUTC()).start().stop();
    }

    @Test
    void a_port_taken_during_start_stops_what_had_started_and_releases_the_storage_dir() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        App app = App.create(config(port), null, Clock.systemUTC());
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            StartException e = assertThrows(StartException.class, app::start);
            assertTrue(e.getMessage().startsWith("127.0.0.1:" + port + ": the port is in use"), e.getMessage());
        }
        Poll.until(Duration.ofSeconds(10), "no Herald thread left", () -> newHeraldThreads(before).isEmpty());
        App.create(config(0), null, Clock.systemUTC()).start().stop();
    }

    @Test
    void a_second_app_on_the_same_storage_dir_is_refused_in_the_same_jvm_too() throws Exception {
        App first = App.create(config(0), null, Clock.systemUTC()).start();
        try {
            StateException e = assertThrows(StateException.class, () -> App.create(config(0), null, Clock.systemUTC()));
            assertTrue(e.getMessage().startsWith(dir.resolve("data") + ": another Herald"), e.getMessage());
        } finally {
            first.stop();
        }
        App.create(config(0), null, Clock.systemUTC()).start().stop();
    }
}
