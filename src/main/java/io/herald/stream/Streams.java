package io.herald.stream;

import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.journal.Journal;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the stream machinery and its threads: the hub's {@code stream-tailer}, the {@code stream-writer} pool that
 * drains clients' queues, and {@code stream-heartbeat}, which sends keepalives and ends streams whose token
 * expired.
 */
public final class Streams implements AutoCloseable {
    static final int WRITERS = 16;

    final StreamHub hub;
    final ExecutorService writers = Executors.newFixedThreadPool(WRITERS, named("stream-writer"));
    final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(named("stream-heartbeat"));
    private final Duration keepalive;

    public Streams(Journal journal, Signal appended, RecentEvents recent, Duration keepalive) {
        this.hub = new StreamHub(journal, appended, recent);
        this.keepalive = keepalive;
    }

    public void start() {
        hub.start();
        long ms = keepalive.toMillis();
        StreamClient.Frame ping = new StreamClient.Frame(-1, SseFrames.comment("keepalive"));
        heartbeat.scheduleAtFixedRate(() -> {
            for (StreamClient c : hub.all()) c.offer(ping);
        }, ms, ms, TimeUnit.MILLISECONDS);
    }

    public int clients() {
        return hub.clients();
    }

    public StreamHub hub() {
        return hub;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        hub.close();
        writers.shutdown();
        try {
            writers.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
