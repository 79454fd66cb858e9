// P10: streams that end all at once, against Herald. Streams are SseStreams.java's NIO sockets.
//
//   java -cp target/bench/classes Storm hold SERVER API_KEY STREAMS
//       opens STREAMS streams (100 per resource, bench-hold/hN), prints "ready open=N" once all are open and then
//       holds them until it is killed: scripts/bench kills it at once (SIGKILL: the kernel closes every socket) and
//       counts Herald's descriptors coming back.
//   java -cp target/bench/classes Storm storm SERVER API_KEY STREAMS RATE [AFTER_SECONDS]
//       STREAMS streams, 100 per resource (bench-storm/<run>sN, new resources each run). RATE events/s go
//       round-robin over the resources, each with data.sn, its resource's own count (1, 2, ...), and an
//       Idempotency-Key, so a post retried across the restart is stored once; while the server is down the same
//       event is retried, then the pace resumes without a burst. Each stream checks sn continuity: every event is
//       one more than the last it saw, starting from the "initiated" message's current.sn. Once every stream has
//       had an event the tool prints "ready" and waits for the server to go (scripts/bench SIGTERMs Herald and
//       starts it again). Ended streams wait; a probe asks GET /health every 20 ms, and once the port has refused
//       a connection (the old server is gone) and then answers 200, every waiting stream reconnects at once, with
//       Last-Event-ID. A stream is streaming again at its first new event (not a duplicate) after that. Once all
//       are (or 60 s after /health came back), posting goes on for AFTER_SECONDS (default 3) and stops; the tool
//       waits (10 s at most) for every stream to reach its resource's last sn and prints one line of key=value
//       pairs; times are epoch milliseconds (down_at_ms: the first stream ended; up_at_ms: /health answered again;
//       all_open_at_ms: the last stream reopened; all_streaming_at_ms: the last stream had a new event again).
//       STORM_DEBUG=1 prints the first duplicates (stream, sn, ids) to stderr.
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

public class Storm {
    static final int PER_RESOURCE = 100;
    static final boolean DEBUG = System.getenv("STORM_DEBUG") != null;

    public static void main(String[] args) throws Exception {
        Server server = Server.parse(args[1], args[2]);
        int streams = Integer.parseInt(args[3]);
        if (args[0].equals("hold")) hold(server, streams);
        else if (args[0].equals("storm")) new Storm(server, streams, Integer.parseInt(args[4])).run(args.length > 5 ? Integer.parseInt(args[5]) : 3);
        else throw new IllegalArgumentException("mode: hold or storm");
        System.exit(0);
    }

    static List<String> ids(String prefix, int streams) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < streams; i++) ids.add(prefix + i / PER_RESOURCE);
        return ids;
    }

    static void hold(Server server, int streams) throws Exception {
        SseStreams s = new SseStreams(server, "bench-hold", ids("h", streams), new SseStreams.Listener() {
            @Override
            public void opened(SseStreams.Conn c, byte[] line, int len) {
            }

            @Override
            public void data(SseStreams.Conn c, byte[] line, int len, long atMicros) {
            }

            @Override
            public void closed(SseStreams.Conn c, boolean wasOpen, String why) {
            }
        }, 256);
        s.start();
        boolean all = s.awaitOpen(60_000);
        // one write, since scripts/bench acts on this line as soon as it sees its first word
        System.out.println(String.format("%s open=%d failed=%d", all ? "ready" : "error", s.open.get(), s.failed.get()));
        Thread.sleep(Long.MAX_VALUE); // until killed
    }

    final Server server;
    final int streams;
    final int resources;
    final int rate;
    final SseStreams s;
    final Checker checker;
    final AtomicLongArray posted; // per resource: the last sn the server took
    final ConcurrentLinkedQueue<SseStreams.Conn> down = new ConcurrentLinkedQueue<>();
    final String run = Long.toString(System.currentTimeMillis(), 36); // names this run's resources and keys
    volatile boolean stopPosting;
    volatile boolean up = true;
    boolean seenGone; // the probe failed once since the streams ended: the next 200 is the server started again
    volatile long downAt, upAt;
    volatile long allOpenAt; // written by the selector thread
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicInteger postRetries = new AtomicInteger();

    Storm(Server server, int streams, int rate) throws IOException {
        this.server = server;
        this.streams = streams;
        this.resources = (streams + PER_RESOURCE - 1) / PER_RESOURCE;
        this.rate = rate;
        this.posted = new AtomicLongArray(resources);
        this.checker = new Checker();
        // resource ids of this run only: each starts with no state, so continuity starts at sn 1
        this.s = new SseStreams(server, "bench-storm", ids(run + "s", streams), checker, 256);
    }

    void run(int afterSeconds) throws Exception {
        Thread poster = new Thread(this::post, "poster");
        s.start();
        if (!s.awaitOpen(60_000)) {
            System.out.printf("error=\"only %d of %d streams opened (%d failed)\"%n", s.open.get(), streams, s.failed.get());
            return;
        }
        poster.start();
        long deadline = System.currentTimeMillis() + 30_000;
        while (checker.hadEvent.get() < streams && System.currentTimeMillis() < deadline) Thread.sleep(20);
        if (checker.hadEvent.get() < streams) {
            System.out.printf("error=\"only %d of %d streams had an event\"%n", checker.hadEvent.get(), streams);
            return;
        }
        s.window = streams; // from now on a reconnect storm is not throttled by this tool
        System.out.println("ready");

        // reconnect: wait for the first stream to end, then for the port, then for every stream to stream again
        while (downAt == 0) Thread.sleep(5);
        long giveUp = downAt + 120_000;
        while (System.currentTimeMillis() < giveUp && !(checker.streaming.get() == streams && down.isEmpty() && s.open.get() == streams)) {
            int health = up ? UP : probe();
            if (health == GONE) seenGone = true;
            if (!up && seenGone && health == UP) {
                up = true;
                if (upAt == 0) {
                    upAt = System.currentTimeMillis();
                    giveUp = upAt + 60_000;
                }
            }
            if (up) {
                for (SseStreams.Conn c; (c = down.poll()) != null; ) {
                    attempts.incrementAndGet();
                    s.reconnect(c);
                }
            }
            Thread.sleep(20);
        }
        boolean all = checker.streaming.get() == streams;
        if (all) Thread.sleep(afterSeconds * 1000L);
        stopPosting = true;
        poster.join();
        deadline = System.currentTimeMillis() + 10_000;
        int behind;
        while ((behind = behind()) > 0 && System.currentTimeMillis() < deadline) Thread.sleep(50);
        long sent = 0;
        for (int r = 0; r < resources; r++) sent += posted.get(r);
        System.out.printf("streams=%d streaming=%d down_at_ms=%d up_at_ms=%d all_open_at_ms=%d all_streaming_at_ms=%d gaps=%d duplicates=%d "
                        + "behind=%d reconnects=%d failed_attempts=%d open_now=%d waiting_to_reconnect=%d connecting=%d posted=%d post_retries=%d unparsed=%d%n",
                streams, checker.streaming.get(), downAt, upAt, allOpenAt, all ? checker.allStreamingAt : 0, checker.gaps, checker.duplicates,
                behind, attempts.get(), s.failed.get(), s.open.get(), down.size(), s.settingUp, sent, postRetries.get(), checker.unparsed);
    }

    /** Streams that have not (yet) seen their resource's last posted sn. */
    int behind() {
        int n = 0;
        for (int i = 0; i < streams; i++) if (checker.lastSn.get(i) < posted.get(i / PER_RESOURCE)) n++;
        return n;
    }

    static final int UP = 0, GONE = 1, UNSURE = 2;

    /**
     * UP when GET /health answers 200, GONE when the port refuses the connection (the old server has exited),
     * UNSURE otherwise (slow, or not 200): a server that is still stopping can answer 200, so UP counts only after GONE.
     */
    int probe() {
        try (Socket p = new Socket()) {
            p.connect(server.addr, 500);
            p.setSoTimeout(500);
            p.getOutputStream().write(("GET /health HTTP/1.1\r\nHost: " + server.addr.getHostString() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            byte[] status = p.getInputStream().readNBytes(12);
            return new String(status, StandardCharsets.ISO_8859_1).startsWith("HTTP/1.1 200") ? UP : UNSURE;
        } catch (java.net.ConnectException refused) {
            return GONE;
        } catch (IOException e) {
            return UNSURE;
        }
    }

    /** RATE events/s round-robin over the resources; a refused or failed post is retried until the server takes it. */
    void post() {
        long period = 1_000_000_000L / rate;
        long next = System.nanoTime();
        RawHttp http = null;
        for (long k = 0; !stopPosting; k++) {
            int r = (int) (k % resources);
            long sn = posted.get(r) + 1;
            String data = "{\"sn\":" + sn + "}";
            String idem = "Idempotency-Key: storm-" + run + "-" + r + "-" + sn + "\r\n";
            String id = run + "s" + r;
            while (!stopPosting) {
                long wait = next - System.nanoTime();
                if (wait > 0) sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                try {
                    if (http == null) http = server.connect();
                    if (server.post(http, "bench-storm", id, "bench.storm", data, idem)) {
                        posted.set(r, sn);
                        next += period;
                        break;
                    }
                } catch (IOException e) {
                    close(http);
                    http = null;
                }
                postRetries.incrementAndGet();
                next = System.nanoTime() + 20_000_000L; // retry in 20 ms; then the pace goes on from there
            }
        }
        close(http);
    }

    static void close(RawHttp http) {
        try {
            if (http != null) http.close();
        } catch (IOException ignored) {
            // a connection the server already dropped
        }
    }

    static void sleep(long ms, int nanos) {
        try {
            Thread.sleep(ms, nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static final byte[] CURRENT = "\"current\":".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] SN = "\"sn\":".getBytes(StandardCharsets.ISO_8859_1);

    /** Per-stream sn continuity and the reconnect bookkeeping; runs on the selector thread. */
    final class Checker implements SseStreams.Listener {
        final AtomicLongArray lastSn = new AtomicLongArray(streams);
        final boolean[] waiting = new boolean[streams]; // ended, not yet had an event since
        final boolean[] gotEvent = new boolean[streams];
        final AtomicInteger hadEvent = new AtomicInteger();
        final AtomicInteger streaming = new AtomicInteger();
        volatile long allStreamingAt;
        long gaps, duplicates;
        int unparsed;

        @Override
        public void opened(SseStreams.Conn c, byte[] line, int len) {
            if (downAt != 0 && allOpenAt == 0 && s.open.get() == streams) allOpenAt = System.currentTimeMillis();
            if (line == null) return; // a reconnect: continuity goes on from the last sn seen
            long sn = sn(line, len); // initiated: current is null (-1 here: nothing yet) or {"sn": N}
            lastSn.set(c.index, Math.max(0, sn));
        }

        @Override
        public void data(SseStreams.Conn c, byte[] line, int len, long atMicros) {
            long sn = sn(line, len);
            if (sn < 0) {
                unparsed++;
                return;
            }
            long last = lastSn.get(c.index);
            if (sn == last + 1) lastSn.set(c.index, sn);
            else if (sn > last + 1) {
                gaps += sn - last - 1;
                lastSn.set(c.index, sn);
            } else {
                if (duplicates++ < 20 && DEBUG) {
                    System.err.printf("duplicate: stream %d (resource %s) had sn %d, got sn %d with id %s after reconnecting with Last-Event-ID %s%n",
                            c.index, c.id, last, sn, c.lastEventId, c.resumedFrom);
                }
                return; // an event it already had: not yet streaming again
            }
            int i = c.index;
            if (!gotEvent[i]) {
                gotEvent[i] = true;
                hadEvent.incrementAndGet();
                streaming.incrementAndGet();
            } else if (waiting[i]) {
                waiting[i] = false;
                if (streaming.incrementAndGet() == streams) allStreamingAt = System.currentTimeMillis();
            }
        }

        @Override
        public void closed(SseStreams.Conn c, boolean wasOpen, String why) {
            int i = c.index;
            up = false; // the server went away or refused: wait for the probe
            if (wasOpen) {
                if (downAt == 0) downAt = System.currentTimeMillis();
                if (gotEvent[i] && !waiting[i]) {
                    waiting[i] = true;
                    streaming.decrementAndGet();
                }
            }
            down.add(c);
        }

        private long sn(byte[] line, int len) {
            int current = SseStreams.indexOf(line, len, CURRENT, 0);
            int k = current < 0 ? -1 : SseStreams.indexOf(line, len, SN, current);
            return k < 0 ? -1 : SseStreams.number(line, len, k + SN.length);
        }
    }
}
