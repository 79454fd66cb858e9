package io.herald.stream;

import io.herald.core.Caller;
import io.herald.core.StoredEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.eclipse.jetty.util.IteratingCallback;

/**
 * One open stream. Whoever offers a frame (the journal tailer, the keepalive timer) writes it at once if the
 * client's socket takes it, with Jetty's non-blocking write, and never blocks: a frame the socket cannot take yet
 * waits in the client's bounded queue, and Jetty's completion of the write in flight sends it. A client whose queue
 * fills is closed: it reconnects with Last-Event-ID and catches up from the journal, and nobody else waited for it.
 *
 * <p>Writing on the offering thread, not handing each frame to a writer pool, saves two context switches per
 * delivered message (P5 spread: a wake of a writer and its sleep were most of the writers' CPU, by perf).
 *
 * <p>An idle stream holds no queue and no buffer: the queue exists only while frames wait (one waiting frame
 * needs no collection at all), and frames go to Jetty as whole buffers, past the response's aggregation buffer
 * (8 KB that Jetty would otherwise keep for the life of every stream).
 */
final class StreamClient {
    static final int QUEUE_CAPACITY = 1000;
    /** Frames are packed into one write up to this size (larger ones go alone). */
    private static final int PACK = 16 * 1024;

    /**
     * A frame to write; seq is -1 for comments, which are never deduplicated and go to every client.
     *
     * @param tenant the event's tenant (null: none); a tenant's client takes only its own tenant's events
     */
    record Frame(long seq, byte[] bytes, String tenant) {}

    private final StreamSink sink;
    private final Predicate<StoredEvent> wants;
    /** whose stream it is: a tenant's takes only that tenant's events (CONTRACT 8), the operator's every one */
    private final Caller who;
    private final Runnable onClose;
    private final Writes writes = new Writes();
    /** The {@link BroadcastLanes} lane whose thread offers this client events; set before it is registered. */
    private int lane;
    // the queue, guarded by this: the oldest frame, then the others (created only for a second waiting frame)
    private Frame first;
    private ArrayDeque<Frame> more;
    private int queued;
    private boolean held = true;
    private volatile boolean closed;
    /** The response was ended (by the writer, once its last write completed). */
    private volatile boolean ended;
    /** System.nanoTime() of the last write or keepalive queued; see {@link Streams#start} */
    private volatile long lastActive = System.nanoTime();
    /** Frames with seq at or below this were already sent (or the client had them): dropped, never doubled. */
    private volatile long sentUpTo;
    /** What the connecting thread wrote while held, not yet handed to Jetty; null once released. */
    private ByteArrayOutputStream direct = new ByteArrayOutputStream(512);

    /** @param after seqs up to this the client already has (its Last-Event-ID), 0 for none */
    StreamClient(StreamSink sink, Caller who, Predicate<StoredEvent> wants, Runnable onClose, long after) {
        this.sink = sink;
        this.who = who;
        this.wants = wants;
        this.onClose = onClose;
        this.sentUpTo = after;
    }

    int lane() {
        return lane;
    }

    void lane(int lane) {
        this.lane = lane;
    }

    /** For a firehose client: whether this event is for it (its caller owns it, and its type filter takes it). */
    boolean wants(StoredEvent e) {
        return who.owns(e.tenant()) && wants.test(e);
    }

    /** Whether the frame is this client's to see: a comment, or an event its caller owns. */
    boolean takes(Frame f) {
        return f.seq() < 0 || who.owns(f.tenant());
    }

    /**
     * Queues a frame and writes what the socket takes; false when the client is closed or has just been closed. A
     * frame the client does not {@link #takes take} is left out.
     */
    boolean offer(Frame f) {
        if (closed) return false;
        if (!takes(f)) return true;
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
                if (held) return true;
            }
        }
        if (overflow) {
            close();
            return false;
        }
        writes.iterate();
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

    /** After {@link #release}, on the connecting thread: see {@link StreamSink#detach}. */
    void detach() {
        sink.detach();
    }

    /** Ends the hold: what was written directly goes out, then queued frames newer than it. */
    void release() throws IOException {
        if (direct.size() > 0) flushDirect();
        direct = null;
        synchronized (this) {
            held = false;
        }
        writes.iterate();
    }

    private void flushDirect() throws IOException {
        try {
            sink.writeBlocking(direct.toByteArray());
        } catch (IOException | RuntimeException e) {
            giveUpStart(); // registered already: a failed start must not leave it behind
            throw e;
        }
        direct.reset();
    }

    /**
     * The connecting thread gives the start up (it failed): it writes nothing more, so the client closes and its
     * response ends now, also when it was closed meanwhile (its end waited for the hold to go, see {@link Writes}).
     */
    void giveUpStart() {
        synchronized (this) {
            held = false;
        }
        close();
        writes.iterate();
    }

    /**
     * The client's one writer: at most one write in flight, the next started by the completion of the last (on the
     * thread that completes it), and none while held. Once closed it ends, after the write in flight if any, by
     * completing the response: ending a response under a pending write would fail it. That holds for the connecting
     * thread's blocking writes too: a client closed while held (its queue filled during a long replay, or Herald
     * stopping) ends only once the hold goes ({@link #release}, {@link #giveUpStart}); ended at once, Jetty refused the
     * write in flight ("write pending") or the next one ("channel already completed").
     */
    private final class Writes extends IteratingCallback {
        @Override
        protected Action process() {
            for (;;) {
                Frame one;
                ArrayDeque<Frame> others;
                synchronized (StreamClient.this) {
                    if (held) return Action.IDLE; // the connecting thread may be writing: see the class comment
                    if (closed) return Action.SUCCEEDED;
                    if (queued == 0) return Action.IDLE;
                    one = first;
                    others = more;
                    first = null;
                    more = null;
                    queued = 0;
                }
                byte[] bytes = others == null ? (fresh(one) ? one.bytes() : null) : pack(one, others);
                if (bytes == null) continue; // all of them already sent
                lastActive = System.nanoTime();
                sink.write(bytes, this);
                return Action.SCHEDULED;
            }
        }

        @Override
        protected void onCompleteSuccess() {
            end();
        }

        @Override
        protected void onCompleteFailure(Throwable cause) {
            end(); // first: the connection failed already, close() need not drop it
            close();
        }

        private void end() {
            ended = true;
            sink.end();
        }
    }

    /**
     * The frames not sent yet, as one buffer of up to {@link #PACK} bytes (or one larger frame); those that do not
     * fit go back to the head of the queue. Null when every frame was sent already.
     */
    private byte[] pack(Frame one, ArrayDeque<Frame> others) {
        others.addFirst(one);
        List<byte[]> taken = new ArrayList<>();
        int size = 0;
        for (Frame f; (f = others.peek()) != null; ) {
            if (!taken.isEmpty() && size + f.bytes().length > PACK) break;
            others.poll();
            if (!fresh(f)) continue; // in order: fresh() moves sentUpTo along
            taken.add(f.bytes());
            size += f.bytes().length;
        }
        if (!others.isEmpty()) requeue(others);
        if (taken.size() <= 1) return taken.isEmpty() ? null : taken.get(0);
        byte[] packed = new byte[size];
        int at = 0;
        for (byte[] b : taken) {
            System.arraycopy(b, 0, packed, at, b.length);
            at += b.length;
        }
        return packed;
    }

    /** Frames taken but not written go back in front of those offered since (already counted as sent). */
    private synchronized void requeue(ArrayDeque<Frame> rest) {
        if (closed) return;
        if (first != null) {
            rest.add(first);
            if (more != null) rest.addAll(more);
        }
        first = rest.poll();
        more = rest.isEmpty() ? null : rest;
        queued = 1 + rest.size();
    }

    /** True for a comment or a frame not sent yet, which then counts as sent. Only the writer calls it. */
    private boolean fresh(Frame f) {
        if (f.seq() < 0) return true;
        if (f.seq() <= sentUpTo) return false;
        sentUpTo = f.seq();
        return true;
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

    /**
     * Unregisters the client and ends its response; any thread, any number of times. A write still in flight
     * (a peer that stopped reading) is cut by dropping the connection, so its descriptor goes now, not at an idle
     * timeout.
     */
    void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
            first = null;
            more = null;
            queued = 0;
        }
        onClose.run();
        writes.iterate(); // ends it now if idle; else once the write in flight completes
        if (!ended && !held()) sink.abort();
    }

    private synchronized boolean held() {
        return held;
    }
}
