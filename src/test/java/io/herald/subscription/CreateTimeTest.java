package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Creating a subscription costs the same with 5,000 of them as with one. Before the change log, every create
 * rewrote the whole store: 4 ms for the 1st, 24 ms for the 5,000th.
 */
class CreateTimeTest {
    static final int N = 5000;
    static final int WINDOW = 200;
    @TempDir Path dir;

    @Test
    void the_5000th_create_over_the_api_takes_about_as_long_as_the_first() {
        try (Herald herald = Herald.start(dir, "tenants:\n  max-subscriptions: 10\n")) {
            Http http = herald.http();
            for (int i = 0; i < 50; i++) http.get("/api/v1/subscriptions?limit=1"); // warm the request path
            long[] nanos = new long[N];
            for (int i = 0; i < N; i++) {
                // half of them a tenant's, half the operator's: both lists must stay cheap to change
                String tenant = i % 2 == 0 ? ", \"tenant\": \"t" + (i / 2) % 4000 + "\"" : "";
                String body = "{\"url\": \"https://hooks.example.com/" + i + "\"" + tenant + "}";
                long t0 = System.nanoTime();
                Http.Response r = http.post("/api/v1/subscriptions", body);
                nanos[i] = System.nanoTime() - t0;
                assertEquals(201, r.status(), r.body());
            }
            double first = median(nanos, WINDOW); // the first window warms the JIT
            double last = median(nanos, N - WINDOW);
            System.out.printf("create_time 1st_ms=%.2f %dth_ms=%.2f median_%d_to_%d_ms=%.2f median_%d_to_%d_ms=%.2f%n",
                    nanos[0] / 1e6, N, nanos[N - 1] / 1e6, WINDOW + 1, 2 * WINDOW, first, N - WINDOW + 1, N, last);
            // generous for a busy machine; the whole-file store grew six-fold over the same run
            assertTrue(last < 2.5 * first + 1.0, "median create " + first + " ms at first, " + last + " ms by the " + N + "th");
        }
    }

    private static double median(long[] nanos, int from) {
        long[] w = Arrays.copyOfRange(nanos, from, from + WINDOW);
        Arrays.sort(w);
        return w[WINDOW / 2] / 1e6;
    }
}
