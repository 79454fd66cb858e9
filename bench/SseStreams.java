// Many Server-Sent Events streams on one NIO selector thread: plain sockets and a raw GET, because 10,000 JDK
// HttpClient streams would cost more than the server under test. Used by Fanout (P5, P6) and Storm (P10).
// The parsing stays cheap: this one thread reads every stream, and its own delay counts as the server's latency.
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

final class SseStreams implements Runnable {
    /** Called on the selector thread only. */
    interface Listener {
        /** The stream is open: line is Herald's "initiated" data line, or null when the headers opened it. */
        void opened(Conn c, byte[] line, int len);

        /** A data line (from "data:") of an open stream, read at atMicros (wall clock). */
        void data(Conn c, byte[] line, int len, long atMicros);

        /** The stream ended or could not open (wasOpen false: refused, not 200, closed before it opened). */
        void closed(Conn c, boolean wasOpen, String why);
    }

    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    final Server server;
    final List<Conn> conns = new ArrayList<>();
    final Listener listener;
    volatile int window; // at most this many connections being set up at once
    final AtomicInteger open = new AtomicInteger(); // open now
    final AtomicInteger failed = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger(); // open streams that ended
    /** Time this thread spent reading and parsing: the tool's own share of a measured latency. */
    final AtomicLong busyNanos = new AtomicLong();
    final AtomicLong cpuNanos = new AtomicLong();
    private final Selector selector;
    private final ConcurrentLinkedQueue<Conn> toConnect = new ConcurrentLinkedQueue<>();
    volatile int settingUp; // written by the selector thread only

    /** One stream per id, each on resource type/ids[i] (nchan: channel type-ids[i]). Nothing connects before start(). */
    SseStreams(Server server, String type, List<String> ids, Listener listener, int window) throws IOException {
        this.server = server;
        this.listener = listener;
        this.window = window;
        this.selector = Selector.open();
        for (int i = 0; i < ids.size(); i++) conns.add(new Conn(i, type, ids.get(i)));
    }

    void start() {
        toConnect.addAll(conns);
        Thread t = new Thread(this, "streams");
        t.setDaemon(true);
        t.start();
    }

    /** Opens c again (any thread), with Last-Event-ID set to the last id it read. */
    void reconnect(Conn c) {
        toConnect.add(c);
        selector.wakeup();
    }

    boolean awaitOpen(long ms) throws InterruptedException {
        long deadline = System.currentTimeMillis() + ms;
        while (open.get() < conns.size() && System.currentTimeMillis() < deadline) {
            if (failed.get() > 0 && open.get() + failed.get() >= conns.size()) break;
            Thread.sleep(20);
        }
        return open.get() == conns.size();
    }

    @Override
    public void run() {
        ByteBuffer buf = ByteBuffer.allocateDirect(64 * 1024);
        byte[] bytes = new byte[buf.capacity()];
        try {
            while (true) {
                for (Conn c; settingUp < window && (c = toConnect.poll()) != null; ) connect(c);
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
                            if (n < 0) throw new IOException("closed by the server");
                            buf.flip();
                            buf.get(bytes, 0, n);
                            c.feed(bytes, n, at);
                        }
                    } catch (IOException e) {
                        k.cancel();
                        c.ch.close();
                        ended(c, e.getMessage());
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

    private void ended(Conn c, String why) {
        boolean wasOpen = c.isOpen;
        c.isOpen = false;
        if (wasOpen) {
            open.decrementAndGet();
            closed.incrementAndGet();
        } else {
            settingUp--;
            failed.incrementAndGet();
        }
        listener.closed(c, wasOpen, why);
    }

    private void connect(Conn c) {
        c.reset();
        settingUp++;
        try {
            SocketChannel ch = SocketChannel.open();
            c.ch = ch;
            ch.configureBlocking(false);
            ch.setOption(java.net.StandardSocketOptions.TCP_NODELAY, true);
            if (ch.connect(server.addr)) {
                ch.write(ByteBuffer.wrap(c.request));
                ch.register(selector, SelectionKey.OP_READ, c);
            } else {
                ch.register(selector, SelectionKey.OP_CONNECT, c);
            }
        } catch (IOException e) { // e.g. out of descriptors or ports: counted, not fatal
            if (c.ch != null) {
                try {
                    c.ch.close();
                } catch (IOException ignored) {
                    // closing a socket that never connected
                }
            }
            if (failed.get() == 0) System.err.println("connect: " + e);
            ended(c, e.toString());
        }
    }

    private void opened(Conn c, byte[] line, int len) {
        c.isOpen = true;
        settingUp--;
        open.incrementAndGet();
        listener.opened(c, line, len);
    }

    /** One stream: response headers, then (chunked or not) body bytes split into lines. */
    final class Conn {
        static final int HEADERS = 0, BODY = 1;
        static final int SIZE = 0, DATA = 1, DATA_END = 2; // chunk decoder states
        final int index;
        final String type;
        final String id;
        SocketChannel ch;
        byte[] request;
        boolean isOpen;
        boolean everOpened; // once open, a reconnect carries Last-Event-ID and Herald sends no "initiated"
        String lastEventId;
        String resumedFrom; // the Last-Event-ID this connection sent
        private boolean awaitInitiated;
        private int state;
        private boolean chunked;
        private int chunkState;
        private long chunkLeft;
        private int last4; // the last four header bytes, to spot the blank line cheaply
        private final ByteArrayOutputStream head = new ByteArrayOutputStream(256);
        private byte[] lineBuf = new byte[512];
        private int lineLen;

        Conn(int index, String type, String id) {
            this.index = index;
            this.type = type;
            this.id = id;
        }

        void reset() {
            resumedFrom = everOpened ? lastEventId : null;
            request = server.streamRequest(type, id, resumedFrom);
            awaitInitiated = server.initiatedFirst() && !everOpened;
            state = HEADERS;
            chunked = false;
            chunkState = SIZE;
            last4 = 0;
            head.reset();
            lineLen = 0;
            ch = null;
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
                        if (!awaitInitiated) markOpen(null, 0);
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

        private void markOpen(byte[] line, int len) {
            everOpened = true;
            opened(this, line, len);
        }

        private void bodyByte(byte c, long at) {
            if (c != '\n') {
                if (lineLen == lineBuf.length) lineBuf = Arrays.copyOf(lineBuf, lineLen * 2);
                lineBuf[lineLen++] = c;
                return;
            }
            int len = lineLen;
            lineLen = 0;
            if (len > 0 && lineBuf[len - 1] == '\r') len--;
            if (len >= 3 && lineBuf[0] == 'i' && lineBuf[1] == 'd' && lineBuf[2] == ':') {
                int from = len > 3 && lineBuf[3] == ' ' ? 4 : 3;
                lastEventId = new String(lineBuf, from, len - from, StandardCharsets.ISO_8859_1);
                return;
            }
            if (len < 5 || lineBuf[0] != 'd' || lineBuf[1] != 'a' || lineBuf[2] != 't' || lineBuf[3] != 'a' || lineBuf[4] != ':') return;
            if (awaitInitiated) { // a new Herald stream's first message is always "initiated"
                awaitInitiated = false;
                markOpen(lineBuf, len);
                return;
            }
            listener.data(this, lineBuf, len, at);
        }
    }

    /** Where what occurs in b[from, len), or -1. */
    static int indexOf(byte[] b, int len, byte[] what, int from) {
        outer:
        for (int i = from; i <= len - what.length; i++) {
            for (int j = 0; j < what.length; j++) if (b[i + j] != what[j]) continue outer;
            return i;
        }
        return -1;
    }

    /** The decimal number at b[from..], or -1 when there is none. */
    static long number(byte[] b, int len, int from) {
        long v = -1;
        for (int j = from; j < len && b[j] >= '0' && b[j] <= '9'; j++) v = (v < 0 ? 0 : v * 10) + (b[j] - '0');
        return v;
    }
}
