package io.herald.stream;

import io.herald.core.EventCodec;
import io.herald.core.Loops;
import io.herald.core.RecentEvents;
import io.herald.core.ResourceRef;
import io.herald.core.SeqList;
import io.herald.core.Signal;
import io.herald.core.StoredEvent;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;

/**
 * Fans journaled events out to open streams: indexes each resource's seqs (for replay) and offers the event's frame
 * to that resource's clients and to the firehose clients whose type filter matches. Events are published strictly
 * in seq order, one publisher at a time (the {@code publishing} lock):
 * <ul>
 *   <li>the thread that posted an event, right after ingest appended it ({@link #publishNow}), when no one else is
 *       publishing and the event is light: in {@link RecentEvents}, for a resource whose streams all write on the
 *       calling thread, with no firehose client. That saves waking another thread per event (P5 spread: the
 *       tailer's wake and sleep were a thread switch and more per event);</li>
 *   <li>{@code stream-tailer} for the rest: it reads the journal and publishes what no poster did (the history at
 *       start, crowded resources, firehose clients, entries too large to be kept decoded, cluster replicas' gaps).
 *       Posters wake it when they leave an event to it.</li>
 * </ul>
 *
 * <p>Registering a client costs O(1) under a lock of its own resource (one of {@link #STRIPES}), never under one
 * lock for everything, and the snapshot or replay that follows runs under no lock of the hub. The publisher takes
 * the same lock only to index an event, then offers it to the clients it finds after that. So a client
 * registered before an event was indexed is offered that event, and a client registered after it finds it in the
 * index (replay) or in the snapshot (taken after registering, so it holds every event indexed before): no gap.
 * Where both happen, the client's own seq check drops the second copy: no duplicate.
 */
public final class StreamHub implements AutoCloseable {
    private static final int STRIPES = 64;

    /** Seqs the index keeps per resource, about (between half and all of it): 8 KB at most for one resource. */
    static final int INDEXED = 1024;

    /** How long the tailer sleeps with nothing found before it looks at the journal again anyway. */
    private static final long IDLE_MS = 200;

    private final Journal journal;
    /** posters wake the tailer with it when they leave an event to it */
    private final Signal wake = new Signal();
    /** held by whoever publishes; {@link #position} is written under it */
    private final ReentrantLock publishing = new ReentrantLock();
    private final RecentEvents.Follower reading;
    private final Object[] locks = new Object[STRIPES];
    // concurrent sets, not copy-on-write: 10,000 clients of one resource closing at once cost 10,000 copies of a
    // 10,000-slot array, and other streams waited ~1 s behind it (P5 spread right after P5 hot)
    private final Map<String, Set<StreamClient>> byResource = new ConcurrentHashMap<>();
    private final Set<StreamClient> firehose = ConcurrentHashMap.newKeySet();
    private final AtomicInteger clients = new AtomicInteger();
    private final Map<String, SeqList> index = new ConcurrentHashMap<>();
    private final FrameCache frames;
    private final BroadcastLanes lanes = new BroadcastLanes(Runtime.getRuntime().availableProcessors() - 1);
    private volatile boolean stopping;
    /** set once the tailer runs: posts before that (the port opens first) are the tailer's */
    private volatile Thread tailer;

    public StreamHub(Journal journal, RecentEvents recent) {
        this.journal = journal;
        this.position = journal.firstSeq() - 1;
        this.reading = recent.follower();
        this.frames = new FrameCache(journal);
        for (int i = 0; i < STRIPES; i++) locks[i] = new Object();
    }

    public void start() {
        tailer = Loops.start("stream-tailer", true, () -> stopping, this::tail);
    }

    /** The last seq published (or passed over: a test event); written under {@link #publishing}. */
    private volatile long position;

    private void tail() throws InterruptedException {
        try (Journal.Tail reader = journal.tail(position)) {
            Signal.Follower follower = wake.follower();
            // what the cache holds is not copied out either: at P2 the posters' publishing fell behind often
            LongPredicate copy = seq -> seq > position && reading.missing(seq);
            LongFunction<byte[]> reread = seq -> journal.read(seq).bytes();
            while (!stopping) {
                long seen = wake.version();
                // what posters published is not copied out of the journal (P5 spread: 390 of 7,200 bytes a post)
                reader.skipThrough(position);
                JournalEntry e = reader.next(copy);
                if (e == null) {
                    follower.idle(seen, IDLE_MS);
                    continue;
                }
                follower.found();
                if (e.seq() <= position) continue; // a poster published it
                publishing.lock();
                try {
                    if (e.seq() > position) publish(reading.decode(e.seq(), e.bytes(), reread));
                } finally {
                    publishing.unlock();
                }
            }
        }
    }

    /**
     * Called by whoever appended to the journal, right after (ingest's hook): publishes the events after
     * {@link #position} on this thread if no one else is publishing and they are light (see the class comment),
     * else leaves them to the tailer and wakes it. Never blocks.
     */
    public void publishNow() {
        if (tailer == null) return;
        while (!stopping && journal.lastSeq() > position) {
            if (!publishing.tryLock()) {
                // The holder publishes it: a poster looks at lastSeq again after it lets go, the tailer reads the
                // journal again before it sleeps, and this event was appended before either. No wake: at P2 one
                // per batch (the other poster held the lock) was a thread switch and the tailer's 2% of CPU.
                return;
            }
            Stop stop;
            try {
                stop = publishLight();
            } finally {
                publishing.unlock();
            }
            if (stop == Stop.TAILER) wake.fire();
            if (stop != Stop.DONE) return;
        }
    }

    /** Where {@link #publishLight} stopped. */
    private enum Stop {
        /** it published every event appended (look again: more may have come meanwhile) */
        DONE,
        /** at an event for the tailer: one not light, or not kept decoded (too large, or overwritten) */
        TAILER,
        /**
         * at an event ingest appended but has not put in {@link RecentEvents} yet: the thread appending it calls
         * {@link #publishNow} after it is put and publishes it then (a wake each time was P2's tailer busy reading
         * the journal for nothing)
         */
        POSTER
    }

    /** Under {@link #publishing}: publishes from {@link RecentEvents} in seq order, as far as it can. */
    private Stop publishLight() {
        for (long next = position + 1, last = journal.lastSeq(); next <= last; next++) {
            boolean put = reading.putYet(next); // before looking: once put, a kept entry is there
            EventCodec.Decoded d = reading.peek(next);
            if (d == null) return put ? Stop.TAILER : Stop.POSTER;
            if (!light(d)) return Stop.TAILER;
            reading.take(next);
            publish(d);
        }
        return Stop.DONE;
    }

    /** Whether the posting thread may publish it: only this resource's streams, each written on this thread. */
    private boolean light(EventCodec.Decoded d) {
        if (d.target() != null) return true;
        if (!firehose.isEmpty()) return false;
        if (d.event().resource() == null) return true;
        Set<StreamClient> clients = byResource.get(d.event().resource().key());
        return clients == null || !BroadcastLanes.shared(clients);
    }

    /** Under {@link #publishing}, in seq order. */
    private void publish(EventCodec.Decoded d) {
        if (d.target() == null) publish(d.event()); // a subscription's test event is not news for streams
        position = d.event().seq();
    }

    private Object lockOf(String key) {
        int h = key.hashCode();
        return locks[(h ^ (h >>> 16)) & (STRIPES - 1)];
    }

    private void publish(StoredEvent e) {
        if (e.resource() != null) {
            String key = e.resource().key();
            synchronized (lockOf(key)) {
                index.computeIfAbsent(key, k -> SeqList.keepingAbout(INDEXED)).add(e.seq());
            }
            // looked up after indexing: every client registered before the event was indexed is in this set
            Set<StreamClient> clients = byResource.get(key);
            if (clients != null && !clients.isEmpty()) {
                lanes.offer(clients, frames.resourceFrame(e));
            }
        }
        // a firehose client registered while this event was published may miss it here: it was appended before,
        // so the client's replay reads it, or its start skips it (StreamStarts.firehose)
        if (!firehose.isEmpty()) {
            StreamClient.Frame f = null;
            for (StreamClient c : firehose) {
                if (!c.wants(e)) continue;
                if (f == null) f = new StreamClient.Frame(e.seq(), SseFrames.message(e.seq(), io.herald.core.Json.bytes(e.toJson())), e.tenant());
                c.offer(f);
            }
        }
    }

    /**
     * Registers a resource client and answers the seqs of that resource after {@code after} (for replay). Only
     * the registration holds a lock; the seqs are copied after it. The index holds each resource's newest
     * {@link #INDEXED} seqs or so; older ones are found by reading the journal, on the calling thread.
     */
    long[] registerResource(ResourceRef ref, StreamClient c, long after) {
        String key = ref.key();
        synchronized (lockOf(key)) {
            Set<StreamClient> set = byResource.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet());
            c.lane(lanes.laneFor(set.size()));
            set.add(c);
        }
        clients.incrementAndGet();
        if (after == Long.MAX_VALUE) return new long[0];
        SeqList seqs = index.get(key);
        if (seqs == null) return new long[0];
        SeqList.Window w = seqs.window(after);
        if (after >= w.floor()) return w.seqs();
        long[] older = OlderSeqs.of(journal, ref, after, w.floor());
        long[] all = Arrays.copyOf(older, older.length + w.seqs().length);
        System.arraycopy(w.seqs(), 0, all, older.length, w.seqs().length);
        return all;
    }

    /** Registers a firehose client: events not yet offered to the firehose will be offered to it. */
    void registerFirehose(StreamClient c) {
        firehose.add(c);
        clients.incrementAndGet();
    }

    /** A resource event's frame, as live clients got it: for replay, built once for all who replay it. */
    StreamClient.Frame replayFrame(long seq) {
        return frames.resourceFrame(seq);
    }

    void unregister(String key, StreamClient c) {
        if (key == null) {
            if (firehose.remove(c)) clients.decrementAndGet();
            return;
        }
        synchronized (lockOf(key)) {
            Set<StreamClient> set = byResource.get(key);
            if (set == null || !set.remove(c)) return;
            // the set of a resource nobody streams goes: a hot resource's emptied table would stay at its peak
            if (set.isEmpty()) byResource.remove(key);
        }
        clients.decrementAndGet();
    }

    /** Every open client, for keepalives and closing; without copying them. */
    void forEach(Consumer<StreamClient> action) {
        firehose.forEach(action);
        for (Set<StreamClient> set : byResource.values()) set.forEach(action);
    }

    /** Resources with an index list (for tests). */
    int indexedResources() {
        return index.size();
    }

    public int clients() {
        return clients.get();
    }

    /**
     * Forgets index entries that retention deleted, and the lists of resources left with none: every job is a
     * resource, so the map would otherwise grow by one list per resource ever posted. Under the resource's lock, as
     * indexing is, so an event is never added to a list just dropped from the map.
     */
    public void pruneIndex() {
        long first = journal.firstSeq();
        for (Map.Entry<String, SeqList> e : index.entrySet()) {
            synchronized (lockOf(e.getKey())) {
                e.getValue().dropBelow(first);
                if (e.getValue().isEmpty()) index.remove(e.getKey(), e.getValue());
            }
        }
    }

    @Override
    public void close() {
        stopping = true;
        if (tailer != null) tailer.interrupt();
        forEach(StreamClient::close);
        lanes.close();
    }
}
