// P4: end-to-end latency, post -> webhook arrival, at a steady rate. JDK only, single file:
//
//   java -cp target/bench/classes Latency HERALD_HOST:PORT API_KEY RECEIVER_PORT RATE SECONDS [CONNECTIONS]
//   java -cp target/bench/classes Latency direct - RECEIVER_PORT RATE SECONDS [CONNECTIONS]   (the harness's own floor)
//
// The first second is a warm-up (both JVMs' JIT): its events are sent and counted but their latency is not kept.
// -Dbench.warm=SECONDS makes it longer (scripts/bench: when P3 did not compile Herald's delivery path first).
//
// It runs the receiver (com.sun.net.httpserver, the URL of Herald's "lat" subscription is
// http://127.0.0.1:RECEIVER_PORT/hook) and a paced sender over a few keep-alive connections. Each event carries
// data.sentMicros, the wall clock (Instant.now) when its POST was written; the receiver subtracts that from
// Instant.now() at arrival. Both ends are on this machine, so the two clocks are one clock. (nanoTime would
// not do: it is only comparable inside one process, and Herald's delivery is not in this process.)
// Prints one line of key=value pairs for scripts/bench; -Dbench.latencies=FILE also writes the measured latencies
// (µs) to FILE.
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

public class Latency {
    static long nowMicros() {
        Instant t = Instant.now();
        return t.getEpochSecond() * 1_000_000L + t.getNano() / 1000;
    }

    public static void main(String[] args) throws Exception {
        // "direct": the sender posts straight to the receiver, which measures this tool's own latency floor
        boolean direct = args[0].equals("direct");
        String[] hp = (direct ? "127.0.0.1:" + args[2] : args[0]).split(":");
        String path = direct ? "/hook" : "/api/v1/events";
        int ok = direct ? 200 : 202;
        String key = args[1];
        int receiverPort = Integer.parseInt(args[2]);
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int conns = args.length > 5 ? Integer.parseInt(args[5]) : 8;

        int warm = rate * Integer.getInteger("bench.warm", 1);
        int expected = rate * seconds + warm;
        long[] latencies = new long[expected + 1024];
        AtomicInteger received = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger(); // latencies recorded (events after the warm-up)
        AtomicInteger duplicates = new AtomicInteger();
        boolean[] seen = new boolean[expected];

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", receiverPort), 1024);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", ex -> {
            long arrived = nowMicros();
            byte[] body = ex.getRequestBody().readAllBytes();
            String s = new String(body, StandardCharsets.ISO_8859_1);
            long sent = number(s, "\"sentMicros\":");
            long i = number(s, "\"i\":");
            if (sent > 0 && i >= 0 && i < expected) {
                boolean dup;
                synchronized (seen) {
                    dup = seen[(int) i];
                    seen[(int) i] = true;
                }
                if (dup) duplicates.incrementAndGet();
                else {
                    received.incrementAndGet();
                    if (i >= warm) {
                        int n = kept.getAndIncrement();
                        if (n < latencies.length) latencies[n] = arrived - sent;
                    }
                }
            }
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();

        // the sender: connection k sends events k, k+conns, k+2*conns ... each at its slot t0 + i/rate
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicLong lateMicros = new AtomicLong();
        long t0 = System.nanoTime() + 50_000_000L;
        Thread[] senders = new Thread[conns];
        for (int k = 0; k < conns; k++) {
            int first = k;
            senders[k] = new Thread(() -> {
                try (RawHttp http = new RawHttp(hp[0], Integer.parseInt(hp[1]))) {
                    for (int i = first; i < expected; i += conns) {
                        long due = t0 + (long) i * 1_000_000_000L / rate;
                        long wait = due - System.nanoTime();
                        if (wait > 0) sleepNanos(wait);
                        else lateMicros.accumulateAndGet(-wait / 1000, Math::max);
                        String body = "{\"type\":\"bench.latency\",\"data\":{\"i\":" + i + ",\"sentMicros\":" + nowMicros() + "}}";
                        int status = http.post(path, key, body.getBytes(StandardCharsets.UTF_8));
                        if (status == ok) accepted.incrementAndGet();
                        else failed.incrementAndGet();
                    }
                } catch (IOException e) {
                    System.err.println("sender: " + e);
                    failed.incrementAndGet();
                }
            }, "sender-" + k);
            senders[k].start();
        }
        for (Thread t : senders) t.join();
        long sendSeconds = (System.nanoTime() - t0) / 1_000_000;

        // let the last deliveries land (bounded: a lost one must not hang the benchmark)
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (received.get() < accepted.get() && System.nanoTime() < deadline) Thread.sleep(20);
        server.stop(0);
        System.exit(report(latencies, kept.get(), received.get(), accepted.get(), failed.get(), duplicates.get(), sendSeconds,
                lateMicros.get()));
    }

    static int report(long[] lat, int n, int received, int accepted, int failed, int dups, long sendMs, long lateMicros) {
        long[] l = Latencies.sorted(lat, n);
        System.out.printf("accepted=%d failed=%d received=%d measured=%d duplicates=%d send_ms=%d sender_max_late_ms=%.1f "
                        + "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                accepted, failed, received, n, dups, sendMs, lateMicros / 1000.0,
                Latencies.pct(l, 0.50), Latencies.pct(l, 0.90), Latencies.pct(l, 0.99), Latencies.maxMs(l));
        return 0;
    }

    /** The integer after the first occurrence of key in s, or -1. */
    static long number(String s, String key) {
        int at = s.indexOf(key);
        if (at < 0) return -1;
        int i = at + key.length();
        long v = 0;
        boolean any = false;
        for (; i < s.length() && Character.isDigit(s.charAt(i)); i++) {
            v = v * 10 + (s.charAt(i) - '0');
            any = true;
        }
        return any ? v : -1;
    }

    static void sleepNanos(long nanos) {
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
