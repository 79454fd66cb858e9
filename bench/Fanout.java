// P5/P6: Server-Sent Events fan-out, against Herald or its ceiling, nginx with nchan (the same client, schedule and
// parser for both; see Server.java). Streams are plain NIO sockets on one selector (SseStreams.java).
//
//   java -cp target/bench/classes Fanout hot    SERVER API_KEY STREAMS ROUNDS PIDS [WARM]
//       STREAMS streams on one resource (bench-hot/h1); once all are open (Herald: each got its "initiated"
//       message; nchan: each got its headers), post WARM warm-up events (default 1) then ROUNDS events, one at a
//       time, each waiting until every stream has it (or 10 s): post-to-receipt latency over all streams and each
//       measured round's time (round_ms). Also reads the server's VmRSS with the streams open.
//   java -cp target/bench/classes Fanout spread SERVER API_KEY RESOURCES RATE SECONDS PIDS [WARM_SECONDS]
//       one stream on each of RESOURCES resources (bench-spread/rN); post RATE events/s round-robin over them
//       for SECONDS after WARM_SECONDS (default 1) of warm-up: delivered messages/s and post-to-receipt latency.
//
// SERVER is herald@HOST:PORT, nchan@HOST:PORT or HOST:PORT (Herald). PIDS: the server's processes, comma-separated
// (nginx: master and worker): their CPU time from /proc/PID/stat (utime + stime) before and after the measured
// events, over the messages delivered then, is server_cpu_us_per_msg (-Dclk.tck: the kernel's clock ticks per
// second, `getconf CLK_TCK`, default 100). -Dbench.latencies=FILE writes the measured latencies (µs) to FILE.
//
// Each event carries sentMicros (Instant.now() when the POST was written); a stream stamps Instant.now() when it
// reads the bytes. Prints one line of key=value pairs for scripts/bench.
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

public class Fanout {
    static final long TICK = Long.getLong("clk.tck", 100);

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        Server server = Server.parse(args[1], args[2]);
        if (mode.equals("hot")) hot(server, Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5], args.length > 6 ? Integer.parseInt(args[6]) : 1);
        else if (mode.equals("spread")) spread(server, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]), args[6],
                args.length > 7 ? Integer.parseInt(args[7]) : 1);
        else throw new IllegalArgumentException("mode: hot or spread");
        System.exit(0);
    }

    static void hot(Server server, int streams, int rounds, String pids, int warm) throws Exception {
        Recorder rec = new Recorder(streams * rounds);
        SseStreams s = new SseStreams(server, "bench-hot", Collections.nCopies(streams, "h1"), rec, 256);
        long t0 = System.nanoTime();
        s.start();
        if (!s.awaitOpen(60_000)) {
            System.out.printf("error=\"only %d of %d streams opened (%d failed)\"%n", s.open.get(), streams, s.failed.get());
            return;
        }
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(1000); // let the server settle after the connection storm before measuring
        long rssOpen = rssKb(pids);
        s.busyNanos.set(0);
        s.cpuNanos.set(0);
        StringBuilder roundMs = new StringBuilder();
        long cpuFrom = 0;
        try (RawHttp http = server.connect()) {
            for (int r = -warm; r < rounds; r++) { // rounds below 0 warm up the server's and this tool's stream paths
                if (r == 0) cpuFrom = cpuTicks(pids);
                int before = rec.count.get();
                // from before the post: nchan answers a publish after it has written the message to its subscribers
                long posted = System.nanoTime();
                String data = "{\"round\":" + r + ",\"m\":" + (r >= 0 ? 1 : 0) + ",\"sentMicros\":" + SseStreams.nowMicros() + "}";
                if (!server.post(http, "bench-hot", "h1", "bench.fanout", data, "")) throw new IOException("post refused");
                long deadline = posted + 10_000_000_000L;
                while (rec.count.get() < before + streams && System.nanoTime() < deadline) Thread.sleep(1);
                if (r >= 0) roundMs.append(roundMs.length() == 0 ? "" : ",").append((System.nanoTime() - posted) / 1_000_000);
                Thread.sleep(300);
            }
        }
        long cpu = cpuTicks(pids) - cpuFrom;
        long rssAfter = rssKb(pids);
        System.out.printf("server=%s streams=%d open_ms=%d closed_early=%d rss_open_kb=%d rss_after_kb=%d client_ms_per_event=%.1f client_cpu_ms_per_event=%.1f expected=%d round_ms=%s %s %s%n",
                server.name(), s.open.get(), openMs, s.closed.get(), rssOpen, rssAfter, s.busyNanos.get() / 1e6 / (rounds + warm),
                s.cpuNanos.get() / 1e6 / (rounds + warm), streams * (rounds + warm), roundMs, cpuSummary(pids, cpu, rec.kept), rec.summary());
    }

    static void spread(Server server, int resources, int rate, int seconds, String pids, int warmSeconds) throws Exception {
        int warm = rate * warmSeconds; // events of the warm-up are not measured
        int expected = rate * seconds + warm;
        Recorder rec = new Recorder(expected);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < resources; i++) ids.add("r" + i);
        SseStreams s = new SseStreams(server, "bench-spread", ids, rec, 256);
        s.start();
        if (!s.awaitOpen(60_000)) {
            System.out.printf("error=\"only %d of %d streams opened\"%n", s.open.get(), resources);
            return;
        }
        Thread.sleep(500);
        int conns = 16; // enough that one slow answer does not hold back the pace
        AtomicInteger accepted = new AtomicInteger();
        long t0 = System.nanoTime() + 50_000_000L;
        Thread[] senders = new Thread[conns];
        for (int k = 0; k < conns; k++) {
            int first = k;
            senders[k] = new Thread(() -> {
                try (RawHttp http = server.connect()) {
                    for (int i = first; i < expected; i += conns) {
                        long wait = t0 + (long) i * 1_000_000_000L / rate - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        String data = "{\"i\":" + i + ",\"m\":" + (i >= warm ? 1 : 0) + ",\"sentMicros\":" + SseStreams.nowMicros() + "}";
                        if (server.post(http, "bench-spread", "r" + (i % resources), "bench.spread", data, "")) accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("sender: " + e);
                }
            });
            senders[k].start();
        }
        // the server's CPU from the first measured event's slot on
        long measuredFrom = t0 + (long) warmSeconds * 1_000_000_000L - System.nanoTime();
        if (measuredFrom > 0) Thread.sleep(measuredFrom / 1_000_000);
        long cpuFrom = cpuTicks(pids);
        for (Thread t : senders) t.join();
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rec.count.get() < accepted.get() && System.nanoTime() < deadline) Thread.sleep(10);
        long cpu = cpuTicks(pids) - cpuFrom;
        // the rate a receiver saw: messages over the span from the first post to the last arrival
        double span = Math.max(sendSeconds, (rec.lastArrivalNanos - t0) / 1e9);
        System.out.printf("server=%s streams=%d closed_early=%d accepted=%d send_s=%.1f rate=%.0f %s %s%n", server.name(), s.open.get(),
                s.closed.get(), accepted.get(), sendSeconds, rec.count.get() / span, cpuSummary(pids, cpu, rec.kept), rec.summary());
    }

    static String cpuSummary(String pids, long ticks, int messages) {
        if (pids.equals("-") || messages == 0) return "server_cpu_ms=NaN server_cpu_us_per_msg=NaN";
        double ms = ticks * 1000.0 / TICK;
        return String.format("server_cpu_ms=%.0f server_cpu_us_per_msg=%.2f", ms, ms * 1000 / messages);
    }

    /** utime + stime of the processes, in clock ticks. */
    static long cpuTicks(String pids) throws IOException {
        long sum = 0;
        if (pids.equals("-")) return 0;
        for (String pid : pids.split(",")) {
            String stat = Files.readString(Path.of("/proc", pid, "stat"));
            // the fields after the command name, which is in parentheses and may hold spaces
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
        }
        return sum;
    }

    /** VmRSS of the processes, summed. */
    static long rssKb(String pids) throws IOException {
        long sum = 0;
        if (pids.equals("-")) return -1;
        for (String pid : pids.split(",")) {
            for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (l.startsWith("VmRSS:")) sum += Long.parseLong(l.replaceAll("[^0-9]", ""));
            }
        }
        return sum;
    }

    static final byte[] CURRENT = "\"current\":".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] SENT = "\"sentMicros\":".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] MEASURED = "\"m\":".getBytes(StandardCharsets.ISO_8859_1);
    static final boolean DEBUG = System.getenv("FANOUT_DEBUG") != null;

    /** Latencies of event messages, written by the selector thread only. */
    static final class Recorder implements SseStreams.Listener {
        final long[] lat;
        final AtomicInteger count = new AtomicInteger();
        volatile int kept; // latencies kept (measured events, not warm-up ones)
        volatile long lastArrivalNanos;
        int unparsed;

        Recorder(int capacity) {
            lat = new long[capacity + 1024];
        }

        @Override
        public void opened(SseStreams.Conn c, byte[] line, int len) {
        }

        @Override
        public void closed(SseStreams.Conn c, boolean wasOpen, String why) {
        }

        @Override
        public void data(SseStreams.Conn c, byte[] line, int len, long at) {
            // Herald's aninix shape has "previous" (the old sentMicros) before "current": read the one in current.
            // nchan's message is the posted data itself.
            int current = Math.max(0, SseStreams.indexOf(line, len, CURRENT, 0));
            int k = SseStreams.indexOf(line, len, SENT, current);
            if (k < 0) {
                unparsed++;
                return;
            }
            long sent = SseStreams.number(line, len, k + SENT.length);
            int m = SseStreams.indexOf(line, len, MEASURED, current);
            boolean measured = m < 0 || line[m + MEASURED.length] != '0';
            if (measured && kept < lat.length) lat[kept++] = at - sent;
            lastArrivalNanos = System.nanoTime();
            count.incrementAndGet();
            if (DEBUG) System.err.println("lat_us=" + (at - sent) + " " + new String(line, 0, Math.min(90, len), StandardCharsets.ISO_8859_1));
        }

        String summary() {
            long[] l = Latencies.sorted(lat, kept);
            return String.format("received=%d measured=%d unparsed=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f", count.get(), kept, unparsed,
                    Latencies.pct(l, 0.5), Latencies.pct(l, 0.99), Latencies.maxMs(l));
        }
    }
}
