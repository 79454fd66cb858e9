package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Poll;
import io.herald.testing.RawHttp;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar under a low open-file limit (a child process: the limit is per process). */
class DescriptorsIT {
    static final int LIMIT = 256;
    static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    @TempDir Path dir;

    static List<String> shell(String script) {
        return List.of("sh", "-c", script + " && exec \"$0\" \"$@\"");
    }

    static final String HEALTH = "GET /health HTTP/1.1\r\nHost: h\r\n\r\n";

    static String log(HeraldProcess h) {
        try {
            return Files.readString(h.log);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static String post() {
        String body = "{\"type\":\"a.b\",\"data\":{}}";
        return "POST /api/v1/events HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer " + HeraldProcess.API_KEY
                + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /**
     * One try on a new connection; null when no answer came in time. While the kernel's accept queue is full it
     * holds a new connection back for a while, whatever Herald does, so a poll tries again.
     */
    static RawHttp.Response tryExchange(int port, String request) {
        try {
            return RawHttp.exchange(port, request, ANSWER_WITHIN);
        } catch (AssertionError | java.io.UncheckedIOException e) {
            return null;
        }
    }

    static RawHttp.Response on(Socket s, String request) throws IOException {
        s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return RawHttp.read(s.getInputStream());
    }

    @Test
    void out_of_file_descriptors_is_named_logged_once_per_episode_and_recovers_by_itself() throws Exception {
        try (HeraldProcess h = new HeraldProcess(dir, "").start(shell("ulimit -n " + LIMIT), java.util.List.of("-Xmx256m"))) {
            assertTrue(Files.readString(h.log).contains("open_files_limit soft=" + LIMIT + " hard=" + LIMIT), h.tail());
            List<Socket> hogs = new ArrayList<>();
            AtomicBoolean shedding = new AtomicBoolean(true);
            try (Socket keep = new Socket("127.0.0.1", h.port); Socket probing = new Socket("127.0.0.1", h.port)) {
                keep.setSoTimeout((int) ANSWER_WITHIN.toMillis());
                probing.setSoTimeout((int) ANSWER_WITHIN.toMillis());
                // the shortage comes once Herald is fully up (its webhook client, started after the delivery log
                // is read, needs descriptors of its own)
                Poll.until(Duration.ofSeconds(60), "deliveries running", () -> {
                    try {
                        return on(keep, HEALTH).body().contains("\"deliveries\":\"running\"");
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                // /health opens a descriptor to probe: asked again and again, it competes with the shedding for
                // each descriptor the shedding lets go, as any thread that opens a file does
                Thread prober = new Thread(() -> {
                    try {
                        while (shedding.get()) on(probing, HEALTH);
                    } catch (IOException e) {
                        // the connection closed: the competition ends
                    }
                }, "prober");
                prober.start();
                for (int i = 0; i < LIMIT + 50; i++) hogs.add(new Socket("127.0.0.1", h.port));
                // a new client is answered at once, naming the cause (it used to hang in the backlog)
                RawHttp.Response refused;
                try {
                    refused = Poll.value(Duration.ofSeconds(30), "a 503 naming the descriptors", () -> {
                        RawHttp.Response r = tryExchange(h.port, HEALTH);
                        return r != null && r.status() == 503 ? r : null;
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(e.getMessage() + "; open descriptors " + openDescriptors(h) + "\n"
                            + h.tail(), e);
                }
                shedding.set(false);
                prober.join(ANSWER_WITHIN.toMillis() * 2);
                assertEquals("unavailable", refused.json().get("error").get("code").asText());
                assertTrue(refused.json().get("error").get("message").asText().contains("out of file descriptors (limit "
                        + LIMIT + ")"), refused.body());
                // an open connection still gets answers; a post that needs a new journal file names the real cause
                RawHttp.Response post = on(keep, post());
                assertEquals(503, post.status(), post.body());
                assertTrue(post.body().contains("out of file descriptors") && !post.body().contains("MB free"), post.body());
            } finally {
                shedding.set(false);
                for (Socket s : hogs) s.close();
            }
            Poll.until(Duration.ofSeconds(30), "/health to answer 200 again", () -> {
                RawHttp.Response r = tryExchange(h.port, HEALTH);
                return r != null && r.status() == 200;
            });
            assertEquals(202, RawHttp.exchange(h.port, post(), ANSWER_WITHIN).status(), "the journal takes writes again");
            Poll.until(Duration.ofSeconds(30), "the end of the episode in the log", () -> {
                RawHttp.Response r = tryExchange(h.port, HEALTH); // each new connection is an accept that may end it
                return r != null && r.status() == 200 && log(h).contains("file_descriptors_recovered");
            });
            String log = Files.readString(h.log);
            assertEquals(1, log.split("out_of_file_descriptors", -1).length - 1, "one line per episode:\n" + log);
            assertFalse(log.contains("\tat ") || log.contains("Accept Failure") || log.contains(" ERROR "), log);
        }
    }

    /** What the process holds open, by kind, for the message of a failure. */
    static String openDescriptors(HeraldProcess h) {
        try (var fds = Files.list(Path.of("/proc/" + h.pid() + "/fd"))) {
            java.util.Map<String, Long> kinds = new java.util.TreeMap<>();
            fds.forEach(fd -> {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString().replaceAll("\\[\\d+\\]|\\d+", "#");
                } catch (IOException e) {
                    target = "gone";
                }
                kinds.merge(target, 1L, Long::sum);
            });
            return kinds.toString();
        } catch (IOException e) {
            return "unknown (" + e + ")";
        }
    }

    @Test
    void start_raises_the_soft_open_file_limit_to_the_hard_limit_and_logs_both() throws Exception {
        long hard = hardLimit(Files.readString(Path.of("/proc/self/limits")));
        assumeLower(hard);
        // HotSpot raises the soft limit itself unless told not to: -XX:-MaxFDLimit leaves it to Herald
        try (HeraldProcess h = new HeraldProcess(dir, "")
                .start(shell("ulimit -Sn 300 && export JAVA_TOOL_OPTIONS=-XX:-MaxFDLimit"), java.util.List.of("-Xmx256m"))) {
            String log = Files.readString(h.log);
            assertTrue(log.contains("open_files_limit soft=" + hard + " hard=" + hard + " raisedFrom=300"), log);
            String limits = Files.readString(Path.of("/proc/" + h.pid() + "/limits"));
            assertEquals(hard, softLimit(limits), limits);
        }
    }

    private static void assumeLower(long hard) {
        org.junit.jupiter.api.Assumptions.assumeTrue(hard > 300 && hard != Long.MAX_VALUE, "needs a hard limit above 300");
    }

    private static long hardLimit(String limits) {
        return field(limits, 1);
    }

    private static long softLimit(String limits) {
        return field(limits, 0);
    }

    private static long field(String limits, int index) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String v = line.substring("Max open files".length()).trim().split("\\s+")[index];
                return v.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(v);
            }
        }
        throw new AssertionError("no open-file limit in " + limits);
    }
}
