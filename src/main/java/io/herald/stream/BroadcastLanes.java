package io.herald.stream;

import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * Spreads one event's writes to a crowded resource over the cores. Every client has a lane for life, chosen when it
 * registers: lane 0 is the tailer itself, and lanes 1.. are threads of their own here. A client is only ever
 * offered frames by its lane, and each lane takes events in journal order, so a client gets them in order however
 * the work is spread.
 *
 * <p>Clients of a resource with few streams stay on lane 0, where a frame is written with no hand-off at all (a hand-off
 * costs two context switches, more than the write: P5 spread). Past {@link #SHARED_FROM} streams on one resource,
 * new ones are dealt round-robin to every lane: 10,000 streams of one resource are written by all the cores at once
 * (P5 hot: on 2 cores one thread spent 70% of its time in the kernel's TCP send).
 */
final class BroadcastLanes implements AutoCloseable {
    /** Streams of one resource past which new ones are spread over the lanes. */
    static final int SHARED_FROM = 64;

    private final ExecutorService[] threads;
    private int next;

    /** @param extra lanes besides the tailer's: the cores less one, so that writes and the tailer fill the cores */
    BroadcastLanes(int extra) {
        threads = new ExecutorService[extra];
        ThreadFactory named = Streams.named("stream-lane");
        for (int i = 0; i < extra; i++) threads[i] = Executors.newSingleThreadExecutor(named);
    }

    /** The lane of a client joining a resource that has {@code others} streams; called under that resource's lock. */
    int laneFor(int others) {
        if (others < SHARED_FROM || threads.length == 0) return 0;
        synchronized (this) {
            next = (next + 1) % (threads.length + 1);
            return next;
        }
    }

    /**
     * Offers {@code f} to every client of {@code clients}: lane 0's on this thread, which must be the tailer, the others'
     * on their lanes' threads, which are handed the work first so that all write at once. A resource that never had
     * more streams than {@link #SHARED_FROM} has only lane 0's clients, and wakes no other thread; one that had and
     * thinned out keeps its clients on their lanes (a client's frames all come from one thread, so stay in order).
     */
    void offer(Set<StreamClient> clients, StreamClient.Frame f) {
        if (threads.length > 0 && shared(clients)) {
            for (int i = 0; i < threads.length; i++) {
                int lane = i + 1;
                try {
                    threads[i].execute(() -> {
                        for (StreamClient c : clients) if (c.lane() == lane) c.offer(f);
                    });
                } catch (RejectedExecutionException stopping) {
                    return; // closing: its clients are closed too
                }
            }
        }
        for (StreamClient c : clients) if (c.lane() == 0) c.offer(f);
    }

    /** Whether any client is on a lane other than 0; a look at no more than SHARED_FROM clients. */
    static boolean shared(Set<StreamClient> clients) {
        if (clients.size() > SHARED_FROM) return true;
        for (StreamClient c : clients) if (c.lane() != 0) return true;
        return false;
    }

    @Override
    public void close() {
        for (ExecutorService t : threads) t.shutdownNow();
        for (ExecutorService t : threads) {
            try {
                t.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
