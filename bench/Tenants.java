// P8: creates many tenants' subscriptions over Herald's API and times it. JDK only, single file:
//
//   java bench/Tenants.java HERALD_HOST:PORT API_KEY RECEIVER_PORT TENANTS PER_TENANT [CONNECTIONS]
//
// Tenant tN gets PER_TENANT subscriptions to http://127.0.0.1:RECEIVER_PORT/hook/tN/K for "bench.t" events (the
// bench's nginx counts every /hook request). CONNECTIONS clients create in parallel (default 8); each create is
// timed from its request to its 201. Prints one line of key=value pairs for scripts/bench:
// created, failed, ms (all of them), p50_ms, p99_ms and max_ms (one create), first_ms and last_ms (the medians of
// the first and the last 1% of creates, in the order they were answered).
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

public class Tenants {
    public static void main(String[] args) throws Exception {
        String base = "http://" + args[0];
        String key = args[1];
        int receiverPort = Integer.parseInt(args[2]);
        int tenants = Integer.parseInt(args[3]);
        int perTenant = Integer.parseInt(args[4]);
        int conns = args.length > 5 ? Integer.parseInt(args[5]) : 8;
        int total = tenants * perTenant;

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        long[] nanos = new long[total];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        String[] firstError = new String[1];
        ExecutorService pool = Executors.newFixedThreadPool(conns);
        long t0 = System.nanoTime();
        for (int c = 0; c < conns; c++) {
            pool.submit(() -> {
                for (int i; (i = next.getAndIncrement()) < total; ) {
                    String tenant = "t" + (i / perTenant);
                    String body = "{\"url\": \"http://127.0.0.1:" + receiverPort + "/hook/" + tenant + "/" + (i % perTenant)
                            + "\", \"tenant\": \"" + tenant + "\", \"events\": [\"bench.t\"]}";
                    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/api/v1/subscriptions"))
                            .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                            .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (r.statusCode() != 201) {
                            failed.incrementAndGet();
                            synchronized (firstError) {
                                if (firstError[0] == null) firstError[0] = r.statusCode() + " " + r.body();
                            }
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                    nanos[answered.getAndIncrement()] = System.nanoTime() - start;
                }
                return null;
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        int window = Math.max(1, total / 100);
        double first = median(Arrays.copyOfRange(nanos, 0, window));
        double last = median(Arrays.copyOfRange(nanos, total - window, total));
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        System.out.printf("created=%d failed=%d ms=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f first_ms=%.2f last_ms=%.2f%s%n",
                total - failed.get(), failed.get(), ms, sorted[total / 2] / 1e6, sorted[(int) (total * 0.99)] / 1e6,
                sorted[total - 1] / 1e6, first, last,
                firstError[0] == null ? "" : " error=\"" + firstError[0].replace('"', '\'') + "\"");
    }

    static double median(long[] xs) {
        Arrays.sort(xs);
        return xs[xs.length / 2] / 1e6;
    }
}
