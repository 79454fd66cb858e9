package io.herald.stream;

import io.herald.core.RecentEvents;
import io.herald.journal.Journal;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Owns the stream machinery and its threads: the hub's {@code stream-tailer} (which writes to clients itself, with
 * {@link BroadcastLanes} for crowded resources) and {@code stream-heartbeat}, which sends keepalives and ends streams
 * whose token expired.
 */
public final class Streams implements AutoCloseable {
    final StreamHub hub;
    final ScheduledExecutorService heartbeat = Executors.newSingleThreadScheduledExecutor(named("stream-heartbeat"));
    private final Duration keepalive;
    /**
     * Cluster mode: the journal is a replica that may lag behind the seqs a client saw on another node, so a
     * Last-Event-ID beyond its end waits for it to catch up instead of counting as unknown.
     */
    final boolean replica;

    public Streams(Journal journal, RecentEvents recent, Duration keepalive, boolean replica) {
        this.hub = new StreamHub(journal, recent);
        this.keepalive = keepalive;
        this.replica = replica;
    }

    public void start() {
        hub.start();
        // Only silent streams get a keepalive, checked ten times per interval and staggered per client: one
        // burst to every stream at once put 10,000 writes in front of live events in the writers' queue (P5:
        // events to other streams waited 1-2 s).
        long interval = keepalive.toNanos();
        long tick = Math.max(10, keepalive.toMillis() / 10);
        long tickNanos = TimeUnit.MILLISECONDS.toNanos(tick);
        StreamClient.Frame ping = new StreamClient.Frame(-1, SseFrames.comment("keepalive"), null);
        heartbeat.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            hub.forEach(c -> {
                // at least one tick early, so that no stream is silent longer than the interval
                long offset = tickNanos + (System.identityHashCode(c) & 0xffff) * (interval / 2 - tickNanos) / 0x10000;
                if (c.dueForKeepalive(now, interval, offset)) c.offer(ping);
            });
        }, tick, tick, TimeUnit.MILLISECONDS);
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
    }

    /** Daemon threads named {@code prefix-N}, N counting from 1 as they start. */
    static ThreadFactory named(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
