package io.herald.stream;

import io.herald.core.EventCodec;
import io.herald.core.Loops;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.core.StoredEvent;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.herald.core.SeqList;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fans journaled events out to open streams. One thread, {@code stream-tailer}, reads the journal, indexes
 * each resource's seqs (for replay) and offers the event's frame to that resource's clients and to the
 * firehose clients whose type filter matches. Indexing and offering happen under one lock with registration,
 * so a client registered before its snapshot misses nothing that the snapshot does not hold.
 */
public final class StreamHub implements AutoCloseable {
    private final Journal journal;
    private final Signal appended;
    private final RecentEvents recent;
    private final Map<String, Set<StreamClient>> byResource = new ConcurrentHashMap<>();
    // concurrent sets, not copy-on-write: 10,000 clients of one resource closing at once cost 10,000 copies of a
    // 10,000-slot array, and other streams waited ~1 s behind it (P5 spread right after P5 hot)
    private final Set<StreamClient> firehose = ConcurrentHashMap.newKeySet();
    private final Map<String, SeqList> index = new ConcurrentHashMap<>();
    private volatile boolean stopping;
    private Thread tailer;

    public StreamHub(Journal journal, Signal appended, RecentEvents recent) {
        this.journal = journal;
        this.recent = recent;
        this.appended = appended;
    }

    public void start() {
        tailer = Loops.start("stream-tailer", true, () -> stopping, this::tail);
    }

    private long position;

    private void tail() throws InterruptedException {
        try (Journal.Reader reader = journal.reader(position == 0 ? journal.firstSeq() - 1 : position)) {
            Signal.Follower follower = appended.follower();
            while (!stopping) {
                long seen = appended.version();
                JournalEntry e = reader.next();
                if (e == null) {
                    follower.idle(seen, 200);
                    continue;
                }
                follower.found();
                EventCodec.Decoded d = recent.decode(e.seq(), e.bytes());
                if (d.target() == null) publish(d.event()); // a subscription's test event is not news for streams
                position = e.seq();
            }
        }
    }

    private synchronized void publish(StoredEvent e) {
        if (e.resource() != null) {
            String key = e.resource().key();
            index.computeIfAbsent(key, k -> new SeqList()).add(e.seq());
            Set<StreamClient> clients = byResource.get(key);
            if (clients != null && !clients.isEmpty()) {
                StreamClient.Frame f = new StreamClient.Frame(e.seq(), SseFrames.message(e.seq(), StreamMessages.resourceEvent(e)));
                for (StreamClient c : clients) c.offer(f);
            }
        }
        if (!firehose.isEmpty()) {
            StreamClient.Frame f = null;
            for (StreamClient c : firehose) {
                if (!c.wants(e)) continue;
                if (f == null) f = new StreamClient.Frame(e.seq(), SseFrames.message(e.seq(), io.herald.core.Json.bytes(e.toJson())));
                c.offer(f);
            }
        }
    }

    /** Registers a resource client and answers the seqs of that resource after {@code after} (for replay). */
    synchronized long[] registerResource(String key, StreamClient c, long after) {
        byResource.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(c);
        SeqList seqs = index.get(key);
        return seqs == null ? new long[0] : seqs.after(after);
    }

    synchronized void registerFirehose(StreamClient c) {
        firehose.add(c);
    }

    void unregister(String key, StreamClient c) {
        if (key == null) {
            firehose.remove(c);
            return;
        }
        Set<StreamClient> set = byResource.get(key);
        if (set != null) set.remove(c);
    }

    /** Every open client, for keepalives and counting. */
    Iterable<StreamClient> all() {
        java.util.List<StreamClient> out = new java.util.ArrayList<>(firehose);
        byResource.values().forEach(out::addAll);
        return out;
    }

    public int clients() {
        int n = firehose.size();
        for (Set<StreamClient> s : byResource.values()) n += s.size();
        return n;
    }

    /** Forgets index entries that retention deleted. */
    public void pruneIndex() {
        long first = journal.firstSeq();
        index.values().forEach(s -> s.dropBelow(first));
    }

    @Override
    public void close() {
        stopping = true;
        if (tailer != null) tailer.interrupt();
        for (StreamClient c : all()) c.close();
    }
}
