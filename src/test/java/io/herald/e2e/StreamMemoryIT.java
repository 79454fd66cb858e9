package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.testing.Poll;
import io.herald.testing.RawSseSocket;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an open stream costs the built jar, run with scripts/run's JVM options: 5,000 streams on one resource,
 * each with its initiated event and one live event, measured after a full GC against the same Herald before
 * they opened. It prints the figures (issue 18 item 5) and asserts only that every stream works and is
 * released.
 */
class StreamMemoryIT {
    static final int STREAMS = 5000;
    static final Duration WAIT = Duration.ofSeconds(120);
    /**
     * scripts/java-opts' defaults (or {@code -Dstream.memory.jvm="..."} to compare others), plus native memory
     * tracking to see direct buffers apart from the heap.
     */
    static final List<String> JVM = List.of((System.getProperty("stream.memory.jvm", "-Xmx512m -Xms64m -Xmn32m -XX:MinSurvivorRatio=6 -XX:+AlwaysPreTouch -XX:+UseParallelGC -XX:TrimNativeHeapInterval=2000")
            + " -XX:NativeMemoryTracking=summary").trim().split(" +"));
    @TempDir Path dir;

    @Test
    void five_thousand_streams_each_get_their_events_and_the_memory_they_cost_is_printed() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "reads VmRSS from /proc: Linux only");
        try (HeraldProcess herald = new HeraldProcess(dir, "")) {
            herald.start(JVM);
            HttpClient client = HttpClient.newHttpClient();
            post(client, herald, 0);
            openReadAndClose(herald, client, 200, 1); // warm-up: classes loaded, buffer pools primed
            Memory before = Memory.of(herald.pid());

            List<RawSseSocket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < STREAMS; i++) sockets.add(RawSseSocket.open(herald.port, path()));
                for (RawSseSocket s : sockets) assertTrue(s.readFirstMessage(WAIT).contains("\"initiated\""));
                Poll.until(WAIT, STREAMS + " streams", () -> clients(client, herald) == STREAMS);
                post(client, herald, 2);
                for (RawSseSocket s : sockets) s.readUntil(t -> t.contains("\"v\":2") && t.endsWith("\n\n"), WAIT);
                Memory open = Memory.of(herald.pid());
                System.out.printf("stream memory: %d streams on one resource, per stream: heap %.1f KB, direct %.1f KB, RSS %.1f KB"
                                + " (after full GC; heap %d -> %d KB, NMT Other %d -> %d KB, VmRSS %d -> %d KB)%n",
                        STREAMS, per(before.heapKb, open.heapKb), per(before.otherKb, open.otherKb), per(before.rssKb, open.rssKb),
                        before.heapKb, open.heapKb, before.otherKb, open.otherKb, before.rssKb, open.rssKb);
            } finally {
                sockets.forEach(RawSseSocket::abort);
            }
            Poll.until(WAIT, "every stream released", () -> clients(client, herald) == 0);
        }
    }

    private static void openReadAndClose(HeraldProcess herald, HttpClient client, int n, int v) throws Exception {
        List<RawSseSocket> warm = new ArrayList<>();
        for (int i = 0; i < n; i++) warm.add(RawSseSocket.open(herald.port, path()));
        for (RawSseSocket s : warm) s.readFirstMessage(WAIT);
        post(client, herald, v);
        for (RawSseSocket s : warm) s.readUntil(t -> t.contains("\"v\":" + v) && t.endsWith("\n\n"), WAIT);
        warm.forEach(RawSseSocket::abort);
        Poll.until(WAIT, "the warm-up streams released", () -> clients(client, herald) == 0);
    }

    private static String path() {
        return "/jobs/hot/events?token=" + HeraldProcess.API_KEY;
    }

    private static double per(long beforeKb, long afterKb) {
        return (afterKb - beforeKb) / (double) STREAMS;
    }

    private static void post(HttpClient client, HeraldProcess herald, int v) throws Exception {
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(herald.base() + "/api/v1/events"))
                .header("Authorization", "Bearer " + HeraldProcess.API_KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{\"v\":" + v + "},"
                        + "\"resource\":{\"type\":\"jobs\",\"id\":\"hot\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(202, r.statusCode(), r.body());
    }

    private static int clients(HttpClient client, HeraldProcess herald) {
        try {
            String body = client.send(HttpRequest.newBuilder(URI.create(herald.base() + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return Json.MAPPER.readTree(body).get("streamClients").asInt();
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Heap used after a full GC, NMT's "Other" (where direct buffers are counted) and VmRSS, in KB. */
    record Memory(long heapKb, long otherKb, long rssKb) {
        private static final Pattern HEAP = Pattern.compile("(?m)^\\s*(PSYoungGen|ParOldGen|garbage-first heap|def new generation|tenured generation)\\s+total \\d+K, used (\\d+)K");
        private static final Pattern OTHER = Pattern.compile("-\\s+Other \\(reserved=\\d+KB, committed=(\\d+)KB\\)");
        private static final Pattern RSS = Pattern.compile("(?m)^VmRSS:\\s+(\\d+) kB");

        static Memory of(long pid) throws Exception {
            jcmd(pid, "GC.run");
            jcmd(pid, "GC.run");
            long heap = 0;
            Matcher m = HEAP.matcher(jcmd(pid, "GC.heap_info"));
            while (m.find()) heap += Long.parseLong(m.group(2));
            Matcher o = OTHER.matcher(jcmd(pid, "VM.native_memory", "summary"));
            long other = o.find() ? Long.parseLong(o.group(1)) : -1;
            Matcher r = RSS.matcher(Files.readString(Path.of("/proc/" + pid + "/status")));
            long rss = r.find() ? Long.parseLong(r.group(1)) : -1;
            return new Memory(heap, other, rss);
        }

        private static String jcmd(long pid, String... command) throws Exception {
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
            cmd.addAll(List.of(command));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) throw new AssertionError("jcmd " + String.join(" ", command) + ": " + out);
            return out;
        }
    }
}
