// P5/P6: Server-Sent Events fan-out. JDK only, single file. Streams are plain NIO sockets on one Selector
// (a raw "GET /TYPE/ID/events HTTP/1.1"), because 10,000 JDK HttpClient streams would cost more than Herald.
//
//   java bench/Fanout.java hot    HOST:PORT API_KEY STREAMS ROUNDS HERALD_PID [WARM]
//       STREAMS streams on one resource (bench-hot/h1); once all are open (each got its "initiated" message),
//       post WARM warm-up events (default 1) then ROUNDS events, one at a time, each waiting until every stream
//       has it (or 10 s): post-to-receipt latency over all streams and each measured round's time (round_ms).
//       Also reads Herald's VmRSS with the streams open.
//   java bench/Fanout.java spread HOST:PORT API_KEY RESOURCES RATE SECONDS [WARM_SECONDS]
//       one stream on each of RESOURCES resources (bench-spread/rN); post RATE events/s round-robin over them
//       for SECONDS after WARM_SECONDS (default 1) of warm-up: delivered messages/s and post-to-receipt latency.
//
// Each event carries data.sentMicros (Instant.now() when the POST was written); a stream stamps Instant.now()
// when it reads the bytes. Prints one line of key=value pairs for scripts/bench.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

public class Fanout {
    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String[] hp = args[1].split(":");
        InetSocketAddress addr = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
        String key = args[2];
        if (mode.equals("hot")) hot(addr, key, Integer.parseInt(args[3]), Integer.parseInt(args[4]), args[5], args.length > 6 ? Integer.parseInt(args[6]) : 1);
        else if (mode.equals("spread")) spread(addr, key, Integer.parseInt(args[3]), Integer.parseInt(args[4]), Integer.parseInt(args[5]),
                args.length > 6 ? Integer.parseInt(args[6]) : 1);
        else throw new IllegalArgumentException("mode: hot or spread");
        System.exit(0);
    }

    static void hot(InetSocketAddress addr, String key, int streams, int rounds, String pid, int warm) throws Exception {
        Recorder rec = new Recorder(streams * rounds);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < streams; i++) paths.add("/bench-hot/h1/events");
        Streams s = new Streams(addr, key, paths, rec);
        long t0 = System.nanoTime();
        s.start();
        if (!s.awaitOpen(60_000)) {
            System.out.printf("error=\"only %d of %d streams opened (%d failed)\"%n", s.open.get(), streams, s.failed.get());
            return;
        }
        long openMs = (System.nanoTime() - t0) / 1_000_000;
        Thread.sleep(1000); // let Herald settle after the connection storm before measuring
        long rssOpen = rssKb(pid);
        s.busyNanos.set(0);
        s.cpuNanos.set(0);
        StringBuilder roundMs = new StringBuilder();
        try (RawHttp http = new RawHttp(addr.getHostString(), addr.getPort())) {
            for (int r = -warm; r < rounds; r++) { // rounds below 0 warm up Herald's and this tool's stream paths
                int before = rec.count.get();
                String body = "{\"type\":\"bench.fanout\",\"resource\":{\"type\":\"bench-hot\",\"id\":\"h1\"},"
                        + "\"data\":{\"round\":" + r + ",\"m\":" + (r >= 0 ? 1 : 0) + ",\"sentMicros\":" + nowMicros() + "}}";
                int status = http.post("/api/v1/events", key, body.getBytes(StandardCharsets.UTF_8));
                if (status != 202) throw new IOException("post answered " + status);
                long deadline = System.nanoTime() + 10_000_000_000L;
                long posted = System.nanoTime();
                while (rec.count.get() < before + streams && System.nanoTime() < deadline) Thread.sleep(1);
                if (r >= 0) roundMs.append(roundMs.length() == 0 ? "" : ",").append((System.nanoTime() - posted) / 1_000_000);
                Thread.sleep(300);
            }
        }
        long rssAfter = rssKb(pid);
        System.out.printf("streams=%d open_ms=%d closed_early=%d rss_open_kb=%d rss_after_kb=%d client_ms_per_event=%.1f client_cpu_ms_per_event=%.1f expected=%d round_ms=%s %s%n",
                s.open.get(), openMs, s.closed.get(), rssOpen, rssAfter, s.busyNanos.get() / 1e6 / (rounds + warm), s.cpuNanos.get() / 1e6 / (rounds + warm),
                streams * (rounds + warm), roundMs, rec.summary());
    }

    static void spread(InetSocketAddress addr, String key, int resources, int rate, int seconds, int warmSeconds) throws Exception {
        int warm = rate * warmSeconds; // events of the warm-up are not measured
        int expected = rate * seconds + warm;
        Recorder rec = new Recorder(expected);
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < resources; i++) paths.add("/bench-spread/r" + i + "/events");
        Streams s = new Streams(addr, key, paths, rec);
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
                try (RawHttp http = new RawHttp(addr.getHostString(), addr.getPort())) {
                    for (int i = first; i < expected; i += conns) {
                        long wait = t0 + (long) i * 1_000_000_000L / rate - System.nanoTime();
                        if (wait > 0) Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        String body = "{\"type\":\"bench.spread\",\"resource\":{\"type\":\"bench-spread\",\"id\":\"r"
                                + (i % resources) + "\"},\"data\":{\"i\":" + i + ",\"m\":" + (i >= warm ? 1 : 0) + ",\"sentMicros\":" + nowMicros() + "}}";
                        if (http.post("/api/v1/events", key, body.getBytes(StandardCharsets.UTF_8)) == 202) accepted.incrementAndGet();
                    }
                } catch (Exception e) {
                    System.err.println("sender: " + e);
                }
            });
            senders[k].start();
        }
        for (Thread t : senders) t.join();
        double sendSeconds = (System.nanoTime() - t0) / 1e9;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (rec.count.get() < accepted.get() && System.nanoTime() < deadline) Thread.sleep(10);
        // the rate a receiver saw: messages over the span from the first post to the last arrival
        double span = Math.max(sendSeconds, (rec.lastArrivalNanos - t0) / 1e9);
        System.out.printf("streams=%d closed_early=%d accepted=%d send_s=%.1f rate=%.0f %s%n", s.open.get(), s.closed.get(),
                accepted.get(), sendSeconds, rec.count.get() / span, rec.summary());
    }

    static long rssKb(String pid) throws IOException {
        for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
            if (l.startsWith("VmRSS:")) return Long.parseLong(l.replaceAll("[^0-9]", ""));
        }
        return -1;
    }

    /** Latencies of event messages, written by the selector thread only. */
    static final class Recorder {
        final long[] lat;
        final AtomicInteger count = new AtomicInteger();
        int kept; // latencies kept (measured events, not warm-up ones)
        volatile long lastArrivalNanos;
        int unparsed;

        Recorder(int capacity) {
            lat = new long[capacity + 1024];
        }

        void record(long micros, boolean measured) {
            if (measured && kept < lat.length) lat[kept++] = micros;
            lastArrivalNanos = System.nanoTime();
            count.incrementAndGet();
        }

        String summary() {
            long[] l = Arrays.copyOf(lat, Math.min(kept, lat.length));
            Arrays.sort(l);
            return String.format("received=%d measured=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f", count.get(), kept, pct(l, 0.5), pct(l, 0.99),
                    l.length == 0 ? Double.NaN : l[l.length - 1] / 1000.0);
        }

        static double pct(long[] sorted, double p) {
            if (sorted.length == 0) return Double.NaN;
            int i = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1000.0;
        }
    }

    /** Many SSE streams on one selector thread. At most 256 connections are being set up at once. */
    static final class Streams implements Runnable {
        static final int SETUP_WINDOW = 256;
        final InetSocketAddress addr;
        final String key;
        final List<String> paths;
        final Recorder rec;
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        /** Time this tool's selector thread spent reading and parsing: its own share of a measured latency. */
        final java.util.concurrent.atomic.AtomicLong busyNanos = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicLong cpuNanos = new java.util.concurrent.atomic.AtomicLong();
        final Selector selector;
        int next;
        int settingUp;

        Streams(InetSocketAddress addr, String key, List<String> paths, Recorder rec) throws IOException {
            this.addr = addr;
            this.key = key;
            this.paths = paths;
            this.rec = rec;
            this.selector = Selector.open();
        }

        void start() {
            Thread t = new Thread(this, "streams");
            t.setDaemon(true);
            t.start();
        }

        boolean awaitOpen(long ms) throws InterruptedException {
            long deadline = System.currentTimeMillis() + ms;
            while (open.get() < paths.size() && System.currentTimeMillis() < deadline) {
                if (failed.get() > 0 && open.get() + failed.get() >= paths.size()) break;
                Thread.sleep(20);
            }
            return open.get() == paths.size();
        }

        @Override
        public void run() {
            ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
            byte[] bytes = new byte[buf.capacity()];
            try {
                while (true) {
                    while (next < paths.size() && settingUp < SETUP_WINDOW) {
                        try {
                            connect(paths.get(next++));
                        } catch (IOException e) { // e.g. out of descriptors or ports: counted, not fatal
                            failed.incrementAndGet();
                            if (failed.get() == 1) System.err.println("connect: " + e);
                        }
                    }
                    selector.select(100);
                    long busyFrom = System.nanoTime();
                    long cpuFrom = THREADS.getCurrentThreadCpuTime();
                    for (SelectionKey k : selector.selectedKeys()) {
                        Conn c = (Conn) k.attachment();
                        try {
                            if (k.isConnectable()) {
                                c.ch.finishConnect();
                                c.ch.write(ByteBuffer.wrap(c.request));
                                k.interestOps(SelectionKey.OP_READ);
                            } else if (k.isReadable()) {
                                buf.clear();
                                int n = c.ch.read(buf);
                                long at = nowMicros();
                                if (n < 0) throw new IOException("closed by Herald");
                                buf.flip();
                                buf.get(bytes, 0, n);
                                c.feed(bytes, n, at);
                            }
                        } catch (IOException e) {
                            k.cancel();
                            c.ch.close();
                            if (c.state == Conn.HEADERS) {
                                settingUp--;
                                failed.incrementAndGet();
                            } else {
                                closed.incrementAndGet();
                            }
                        }
                    }
                    selector.selectedKeys().clear();
                    busyNanos.addAndGet(System.nanoTime() - busyFrom);
                    cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuFrom);
                }
            } catch (IOException e) {
                System.err.println("selector: " + e);
            }
        }

        void connect(String path) throws IOException {
            SocketChannel ch = SocketChannel.open();
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            Conn c = new Conn(ch, ("GET " + path + " HTTP/1.1\r\nHost: " + addr.getHostString() + ":" + addr.getPort()
                    + "\r\nAuthorization: Bearer " + key + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (ch.connect(addr)) {
                    ch.write(ByteBuffer.wrap(c.request));
                    ch.register(selector, SelectionKey.OP_READ, c);
                } else {
                    ch.register(selector, SelectionKey.OP_CONNECT, c);
                }
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            settingUp++;
        }

        /** One stream: response headers, then (chunked or not) body bytes split into lines. */
        final class Conn {
            static final int HEADERS = 0, BODY = 1;
            static final int SIZE = 0, DATA = 1, DATA_END = 2; // chunk decoder states
            final SocketChannel ch;
            final byte[] request;
            int state = HEADERS;
            boolean chunked;
            int chunkState = SIZE;
            long chunkLeft;
            int last4; // the last four header bytes, to spot the blank line cheaply
            final ByteArrayOutputStream head = new ByteArrayOutputStream(512);

            Conn(SocketChannel ch, byte[] request) {
                this.ch = ch;
                this.request = request;
            }

            void feed(byte[] b, int n, long at) throws IOException {
                int i = 0;
                if (state == HEADERS) {
                    for (; i < n && state == HEADERS; i++) {
                        head.write(b[i]);
                        last4 = (last4 << 8) | (b[i] & 0xff);
                        if (last4 == 0x0d0a0d0a) {
                            String headers = head.toString(StandardCharsets.ISO_8859_1);
                            if (!headers.startsWith("HTTP/1.1 200")) throw new IOException(headers.split("\r\n")[0]);
                            chunked = headers.toLowerCase().contains("transfer-encoding: chunked");
                            head.reset();
                            state = BODY;
                        }
                    }
                    if (state == HEADERS) return;
                }
                for (; i < n; i++) {
                    byte c = b[i];
                    if (!chunked) {
                        bodyByte(c, at);
                        continue;
                    }
                    switch (chunkState) {
                        case SIZE -> {
                            if (c == '\n') {
                                chunkLeft = Long.parseLong(head.toString(StandardCharsets.ISO_8859_1).split(";")[0].trim(), 16);
                                head.reset();
                                if (chunkLeft == 0) throw new IOException("stream ended");
                                chunkState = DATA;
                            } else if (c != '\r') {
                                head.write(c);
                            }
                        }
                        case DATA -> {
                            bodyByte(c, at);
                            if (--chunkLeft == 0) chunkState = DATA_END;
                        }
                        default -> {
                            if (c == '\n') chunkState = SIZE;
                        }
                    }
                }
            }

            // The current line, as bytes: parsing must stay cheap, since this one thread reads every stream and its
            // own delay would count as Herald's latency (the tool reports how long it was busy).
            byte[] lineBuf = new byte[1024];
            int lineLen;
            boolean initiated;

            void bodyByte(byte c, long at) {
                if (c != '\n') {
                    if (lineLen == lineBuf.length) lineBuf = Arrays.copyOf(lineBuf, lineLen * 2);
                    lineBuf[lineLen++] = c;
                    return;
                }
                int len = lineLen;
                lineLen = 0;
                if (len < 5 || lineBuf[0] != 'd' || lineBuf[1] != 'a' || lineBuf[2] != 't' || lineBuf[3] != 'a' || lineBuf[4] != ':') return;
                if (!initiated) { // a resource stream's first message is always "initiated"
                    initiated = true;
                    if (settingUp > 0) settingUp--;
                    open.incrementAndGet();
                    return;
                }
                // the aninix shape has "previous" (the old sentMicros) before "current": read the one in current
                int current = Math.max(0, indexOf(lineBuf, len, CURRENT, 0));
                int k = indexOf(lineBuf, len, SENT, current);
                if (k < 0) {
                    rec.unparsed++;
                    return;
                }
                long v = 0;
                for (int j = k + SENT.length; j < len && lineBuf[j] >= '0' && lineBuf[j] <= '9'; j++) v = v * 10 + (lineBuf[j] - '0');
                int m = indexOf(lineBuf, len, MEASURED, current);
                rec.record(at - v, m < 0 || lineBuf[m + MEASURED.length] != '0');
                if (DEBUG) System.err.println("lat_us=" + (at - v) + " " + new String(lineBuf, 0, Math.min(90, len), StandardCharsets.ISO_8859_1));
            }
        }
    }

    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();
    static final boolean DEBUG = System.getenv("FANOUT_DEBUG") != null;
    static final byte[] CURRENT = "\"current\":".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] SENT = "\"sentMicros\":".getBytes(StandardCharsets.ISO_8859_1);
    static final byte[] MEASURED = "\"m\":".getBytes(StandardCharsets.ISO_8859_1);

    static int indexOf(byte[] b, int len, byte[] what, int from) {
        outer:
        for (int i = from; i <= len - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (b[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** A minimal HTTP/1.1 keep-alive client: POST, read the status, skip the body. */
    // Also in Latency.java, on purpose: each tool is launched as one source file (java File.java), and Java 17's
    // launcher compiles only that file, so the two cannot share a class.
    static final class RawHttp implements AutoCloseable {
        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;
        private final String host;

        RawHttp(String host, int port) throws IOException {
            this.host = host + ":" + port;
            socket = new Socket(host, port);
            socket.setTcpNoDelay(true);
            in = new java.io.BufferedInputStream(socket.getInputStream(), 8192);
            out = socket.getOutputStream();
        }

        int post(String path, String bearer, byte[] body) throws IOException {
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nAuthorization: Bearer " + bearer
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] req = Arrays.copyOf(h, h.length + body.length);
            System.arraycopy(body, 0, req, h.length, body.length);
            out.write(req);
            out.flush();
            String status = line();
            if (status == null) throw new IOException("connection closed");
            int code = Integer.parseInt(status.split(" ")[1]);
            long length = 0;
            boolean chunked = false;
            for (String l; (l = line()) != null && !l.isEmpty(); ) {
                String lower = l.toLowerCase();
                if (lower.startsWith("content-length:")) length = Long.parseLong(l.substring(15).trim());
                if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
            }
            if (chunked) {
                for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                    in.skipNBytes(size);
                    line();
                }
                line();
            } else {
                in.skipNBytes(length);
            }
            return code;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream(64);
            for (int c; (c = in.read()) != -1; ) {
                if (c == '\n') return b.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
                b.write(c);
            }
            return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
