package io.herald.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;

/** Runs one body on several threads at once and waits for all (a failure in any is thrown). */
public final class Concurrently {
    private Concurrently() {}

    /** @param body given the thread's number, 0 to {@code threads - 1} */
    public static void run(int threads, IntConsumer body) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int n = t;
                running.add(pool.submit(() -> body.accept(n)));
            }
            for (Future<?> f : running) f.get(30, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }
}
