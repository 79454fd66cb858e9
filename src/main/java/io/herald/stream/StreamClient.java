package io.herald.stream;

import io.herald.core.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import org.eclipse.jetty.ee10.servlet.HttpOutput;

/**
 * One open stream. The journal tailer only ever {@link #offer}s (never blocks); a shared writer pool drains each
 * client's bounded queue, one drain at a time per client. A client whose queue fills is closed: it reconnects
 * with Last-Event-ID and catches up from the journal, and nobody else waited for it.
 *
 * <p>An idle stream holds no queue and no buffer: the queue exists only while frames wait (one waiting frame
 * needs no collection at all), and frames go to Jetty as whole buffers, past the response's aggregation buffer
 * (8 KB that Jetty would otherwise keep for the life of every stream).
 */
final class StreamClient {
    static final int QUEUE_CAPACITY = 1000;
    /** Frames are packed into one write up to this size (larger ones go alone). */
    private static final int PACK = 16 * 1024;

    /** A frame to write; seq is -1 for comments, which are never deduplicated. */
    record Frame(long seq, byte[] bytes) {}

    private final OutputStream out;
    private final HttpOutput jetty;
    private final CompletableFuture<Void> done;
    private final Executor writers;
    private final Predicate<StoredEvent> wants;
    private final Runnable onClose;
    // the queue, guarded by this: the oldest frame, then the others (created only for a second waiting frame)
    private Frame first;
    private ArrayDeque<Frame> more;
    private int queued;
    private boolean draining;
    private boolean held = true;
    private volatile boolean closed;
    /** System.nanoTime() of the last write or keepalive queued; see {@link Streams#start} */
    private volatile long lastActive = System.nanoTime();
    /** Frames with seq at or below this were already sent (or the client had them): dropped, never doubled. */
    private volatile long sentUpTo;
    /** What the connecting thread wrote while held, not yet handed to Jetty; null once released. */
    private ByteArrayOutputStream direct = new ByteArrayOutputStream(512);

    /**
     * @param done completing it ends the response (Javalin's async request)
     * @param after seqs up to this the client already has (its Last-Event-ID), 0 for none
     */
    StreamClient(OutputStream out, CompletableFuture<Void> done, Executor writers, Predicate<StoredEvent> wants,
                 Runnable onClose, long after) {
        this.out = out;
        this.jetty = out instanceof HttpOutput h ? h : null;
        this.done = done;
        this.writers = writers;
        this.wants = wants;
        this.onClose = onClose;
        this.sentUpTo = after;
    }

    /** For a firehose client: whether this event is for it (its type filter and, for a tenant, its tenant). */
    boolean wants(StoredEvent e) {
        return wants.test(e);
    }

    /** Queues a frame; false when the client is closed or, being too slow, has just been closed. */
    boolean offer(Frame f) {
        if (closed) return false;
        // already sent or already had: after a restart the tailer reads the journal from its start again
        if (f.seq() >= 0 && f.seq() <= sentUpTo) return true;
        boolean overflow;
        synchronized (this) {
            overflow = queued == QUEUE_CAPACITY;
            if (!overflow) {
                if (first == null) {
                    first = f;
                } else {
                    if (more == null) more = new ArrayDeque<>();
                    more.add(f);
                }
                queued++;
                if (held || draining) return true;
                draining = true;
            }
        }
        if (overflow) {
            close();
            return false;
        }
        schedule();
        return true;
    }

    /** Frames from now on start after this seq (a stream that begins now, with no replay). */
    void skipUpTo(long seq) {
        if (seq > sentUpTo) sentUpTo = seq;
    }

    /** While held (before release), the connecting thread writes the first frames itself. */
    void writeDirect(byte[] bytes, long seq) throws IOException {
        direct.write(bytes);
        if (seq > sentUpTo) sentUpTo = seq;
        if (direct.size() >= PACK) flushDirect();
    }

    /** Ends the hold: what was written directly goes out, then queued frames newer than it. */
    void release() throws IOException {
        if (direct.size() > 0) flushDirect();
        direct = null;
        synchronized (this) {
            held = false;
            if (queued == 0 || draining) return;
            draining = true;
        }
        schedule();
    }

    private void flushDirect() throws IOException {
        try {
            write(direct.toByteArray());
        } catch (IOException | RuntimeException e) {
            close(); // registered already: a failed start must not leave it behind
            throw e;
        }
        direct.reset();
    }

    private void schedule() {
        try {
            writers.execute(this::drain);
        } catch (RejectedExecutionException shuttingDown) {
            close();
        }
    }

    private void drain() {
        for (;;) {
            Frame one;
            ArrayDeque<Frame> others;
            synchronized (this) {
                if (queued == 0 || closed) {
                    draining = false;
                    return;
                }
                one = first;
                others = more;
                first = null;
                more = null;
                queued = 0;
            }
            try {
                if (others == null) {
                    if (fresh(one)) write(one.bytes());
                } else {
                    others.addFirst(one);
                    writeAll(others);
                }
            } catch (IOException | RuntimeException e) {
                synchronized (this) {
                    draining = false;
                }
                close();
                return;
            }
            lastActive = System.nanoTime();
        }
    }

    /** Writes the frames not sent yet, small ones packed together up to {@link #PACK} bytes a write. */
    private void writeAll(ArrayDeque<Frame> frames) throws IOException {
        frames.removeIf(f -> !fresh(f)); // in order: fresh() moves sentUpTo along
        while (!frames.isEmpty()) {
            Frame f = frames.poll();
            int size = f.bytes().length;
            int n = 1;
            for (Frame g : frames) {
                if (size + g.bytes().length > PACK) break;
                size += g.bytes().length;
                n++;
            }
            if (n == 1) {
                write(f.bytes());
                continue;
            }
            byte[] packed = new byte[size];
            System.arraycopy(f.bytes(), 0, packed, 0, f.bytes().length);
            for (int at = f.bytes().length; --n > 0; ) {
                byte[] b = frames.poll().bytes();
                System.arraycopy(b, 0, packed, at, b.length);
                at += b.length;
            }
            write(packed);
        }
    }

    /** True for a comment or a frame not sent yet, which then counts as sent. Only the drain calls it. */
    private boolean fresh(Frame f) {
        if (f.seq() < 0) return true;
        if (f.seq() <= sentUpTo) return false;
        sentUpTo = f.seq();
        return true;
    }

    /** One blocking write of whole frames: Jetty sends them at once, without copying them into a buffer. */
    private void write(byte[] bytes) throws IOException {
        if (jetty != null) {
            jetty.write(ByteBuffer.wrap(bytes));
        } else {
            out.write(bytes);
            out.flush();
        }
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

    boolean closed() {
        return closed;
    }

    /** Unregisters the client and ends its response; any thread, any number of times. */
    void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            first = null;
            more = null;
            queued = 0;
        }
        onClose.run();
        done.complete(null);
    }
}
