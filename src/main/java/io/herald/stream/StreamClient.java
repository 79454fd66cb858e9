package io.herald.stream;

import io.herald.core.StoredEvent;
import io.javalin.http.sse.SseClient;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * One open stream. The journal tailer only ever {@link #offer}s (never blocks); a shared writer pool drains each
 * client's bounded queue, one drain at a time per client. A client whose queue fills is closed: it reconnects
 * with Last-Event-ID and catches up from the journal, and nobody else waited for it.
 */
final class StreamClient {
    static final int QUEUE_CAPACITY = 1000;

    /** A frame to write; seq is -1 for comments, which are never deduplicated. */
    record Frame(long seq, byte[] bytes) {}

    private final SseClient sse;
    private final OutputStream out;
    private final Executor writers;
    // linked, not array-backed: an idle stream (most of them) holds no 1000-slot array
    private final LinkedBlockingQueue<Frame> queue = new LinkedBlockingQueue<>(QUEUE_CAPACITY);
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Predicate<StoredEvent> wants;
    private final Runnable onClose;
    private volatile boolean held = true;
    private volatile boolean closed;
    /** System.nanoTime() of the last write or keepalive queued; see {@link Streams#start} */
    private volatile long lastActive = System.nanoTime();
    /** Frames with seq at or below this were already sent (by the snapshot or replay): dropped, never doubled. */
    private volatile long sentUpTo;

    StreamClient(SseClient sse, OutputStream out, Executor writers, Predicate<StoredEvent> wants, Runnable onClose) {
        this.sse = sse;
        this.out = out;
        this.writers = writers;
        this.wants = wants;
        this.onClose = onClose;
    }

    /** For a firehose client: whether this event is for it (its type filter and, for a tenant, its tenant). */
    boolean wants(StoredEvent e) {
        return wants.test(e);
    }

    /** Queues a frame; false when the client is closed or, being too slow, has just been closed. */
    boolean offer(Frame f) {
        if (closed) return false;
        if (!queue.offer(f)) {
            close();
            return false;
        }
        if (!held) schedule();
        return true;
    }

    /** While held (before release), the connecting thread writes the first frames itself. */
    void writeDirect(byte[] bytes, long seq) throws IOException {
        out.write(bytes);
        if (seq > sentUpTo) sentUpTo = seq;
    }

    /** Ends the hold: queued frames newer than what was written directly go out now. */
    void release() throws IOException {
        out.flush();
        held = false;
        schedule();
    }

    private void schedule() {
        if (closed || !draining.compareAndSet(false, true)) return;
        try {
            writers.execute(this::drain);
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            close();
        }
    }

    private void drain() {
        try {
            boolean wrote = false;
            for (Frame f; (f = queue.poll()) != null; ) {
                if (f.seq() >= 0) {
                    if (f.seq() <= sentUpTo) continue;
                    sentUpTo = f.seq();
                }
                out.write(f.bytes());
                wrote = true;
            }
            if (wrote) {
                out.flush();
                lastActive = System.nanoTime();
            }
        } catch (IOException | RuntimeException e) {
            close();
        } finally {
            draining.set(false);
        }
        if (!queue.isEmpty()) schedule();
    }

    /**
     * True, once per {@code interval} of silence, when this client is due a keepalive comment. {@code offset}
     * (a tick to interval / 2) moves a client's first keepalive earlier, so that streams opened together do not stay
     * in step and get their keepalives in one burst.
     */
    boolean dueForKeepalive(long now, long interval, long offset) {
        long last = lastActive;
        if (now - last < interval - offset) return false;
        lastActive = now + offset; // later keepalives keep the offset
        return true;
    }

    void keepAlive() {
        sse.keepAlive();
    }

    void close() {
        if (closed) return;
        closed = true;
        queue.clear();
        onClose.run();
        try {
            sse.close();
        } catch (RuntimeException ignored) {
            // the connection may already be gone
        }
    }
}
