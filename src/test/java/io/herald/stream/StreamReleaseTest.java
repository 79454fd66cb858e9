package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.RawSseSocket;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Herald notices at once that a stream's client went away (a pending read sees the reset or the end of stream),
 * not at the next keepalive: killed clients' streams are unregistered and their descriptors freed within 2 s
 * (issue 18 item 3).
 */
class StreamReleaseTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final Duration PROMPTLY = Duration.ofSeconds(2);
    static final Path FDS = Path.of("/proc/self/fd");
    static final Path TCP = Path.of("/proc/net/tcp");
    @TempDir Path dir;

    @Test
    void streams_of_killed_clients_are_released_within_2s_not_at_the_next_keepalive() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FDS) && Files.exists(TCP), "counts descriptors in /proc/self/fd: Linux only");
        // the default keepalive (15 s): a release found by a keepalive write comes 7 s or more after the kill
        try (Herald h = Herald.start(dir, "")) {
            int port = h.app().port();
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":1},\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}");
            assertEquals(0, streamClients(h));
            long before = descriptors(port);
            int n = 200;
            List<RawSseSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < n; i++) {
                    String path = i % 4 == 3 ? "/api/v1/stream" : "/jobs/" + (i % 2 == 0 ? "hot" : "r" + i) + "/events";
                    sockets.add(RawSseSocket.open(port, path + "?token=" + Herald.API_KEY,
                            path.startsWith("/api/") ? new String[] {"Authorization: Bearer " + Herald.API_KEY, "Last-Event-ID: 0"} : new String[0]));
                }
                for (RawSseSocket s : sockets) s.readFirstMessage(WAIT);
                Poll.until(WAIT, n + " streams open", () -> streamClients(h) == n);
                assertTrue(descriptors(port) >= before + n, "Herald holds a descriptor per stream");
            } finally {
                // half go away with a reset, half with an orderly close (each had read everything it was sent)
                for (int i = 0; i < sockets.size(); i++) {
                    if (i % 2 == 0) sockets.get(i).abort();
                    else sockets.get(i).close();
                }
            }
            Poll.until(PROMPTLY, "every stream unregistered (now " + streamClients(h) + ")", () -> streamClients(h) == 0);
            // a little slack for the test's own HTTP client connections to /health
            Poll.until(PROMPTLY, "Herald's connection descriptors back to " + before + " (now " + descriptors(port) + ")",
                    () -> descriptors(port) <= before + 2);
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":2},\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}");
            try (RawSseSocket again = RawSseSocket.open(port, "/jobs/hot/events?token=" + Herald.API_KEY)) {
                assertTrue(again.readFirstMessage(WAIT).contains("\"v\":2"), "a new stream works after the storm");
            }
        }
    }

    @Test
    void a_silent_client_keeps_its_stream_and_its_keepalives_past_several_intervals() throws Exception {
        try (Herald h = Herald.start(dir, "server:\n  port: 0\n  max-body: 64KB\n  keepalive: 200ms\n");
             RawSseSocket s = RawSseSocket.open(h.app().port(), "/jobs/quiet/events?token=" + Herald.API_KEY)) {
            s.readFirstMessage(WAIT);
            // the client sends nothing at all, as a healthy EventSource does: the pending read must not end it
            String silent = s.readUntil(t -> count(t, ": keepalive\n\n") >= 5, WAIT);
            assertFalse(silent.contains("0\r\n\r\n"), "the response did not end:\n" + silent);
            assertEquals(1, streamClients(h));
            h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":7},\"resource\":{\"type\":\"jobs\",\"id\":\"quiet\"}}");
            assertTrue(s.readUntil(t -> t.contains("\"v\":7") && t.endsWith("\n\n"), WAIT).contains("\"type\":\"a.b\""));
            assertEquals(1, streamClients(h));
        }
    }

    static int streamClients(Herald h) {
        return h.http().get("/health").json().get("streamClients").asInt();
    }

    /**
     * The descriptors this process holds for connections accepted on {@code port}: Herald's side of each stream
     * (the tests' own client sockets and sockets the kernel keeps after a close, in TIME_WAIT, do not count).
     */
    static long descriptors(int port) {
        try {
            Set<String> accepted = new HashSet<>();
            for (Path table : List.of(TCP, TCP.resolveSibling("tcp6"))) {
                if (!Files.exists(table)) continue;
                List<String> rows = Files.readAllLines(table);
                for (String row : rows.subList(1, rows.size())) {
                    String[] c = row.trim().split("\\s+"); // sl local remote st ... uid timeout inode
                    int local = Integer.parseInt(c[1].substring(c[1].indexOf(':') + 1), 16);
                    if (local == port && !c[3].equals("0A")) accepted.add("socket:[" + c[9] + "]"); // 0A: listening
                }
            }
            try (Stream<Path> fds = Files.list(FDS)) {
                return fds.filter(fd -> accepted.contains(link(fd))).count();
            }
        } catch (IOException e) {
            throw new AssertionError("cannot read " + FDS + " or " + TCP, e);
        }
    }

    private static String link(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException closedMeanwhile) {
            return "";
        }
    }

    static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + what.length())) n++;
        return n;
    }
}
