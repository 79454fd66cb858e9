package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.EventCodec;
import io.herald.core.EventIds;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.core.StoredEvent;
import io.herald.journal.Journal;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events: assigns id and {@code previous}, appends to the journal (which gives the seq), then remembers
 * resource state and idempotency. One lock ({@link IngestLock}) orders all of it, so {@code previous} always
 * diffs against the event just before.
 *
 * <p>Two ways in, one decision (repeat, reused id, {@code previous}, resource state). On a single node
 * {@link #postAll} decides and appends, and the journal gives the seq. In cluster mode the order is decided by the
 * replicated log: every node calls {@link #apply} for each record in log order, and the journal, a replica, takes
 * the entry at the record's seq. The decision reads only the post and the record's time, never this node's clock
 * or randomness, so every node makes the same one.
 */
public final class Ingest implements Poster {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    /** idempotency keys of producer ids; those of Idempotency-Key headers start with "key:" */
    static final String PRODUCER_ID = "id:";

    private final Journal journal;
    private final IngestLock lock = new IngestLock();
    private final IngestState state = new IngestState();
    private final ReusedIds reusedIds;
    private final Clock clock;
    private final Signal appended;
    private final RecentEvents recent;
    private final Path snapshotFile;
    private final IntConsumer accepted;
    private volatile long snapshotSeq;
    /** told after each call that appended, outside the lock: streams publish there ({@link #afterAppend}) */
    private volatile Runnable afterAppend = () -> {};
    /** when appending wakes delivery's fan-out; used under the lock */
    private final DeliveryWake deliveryWake = new DeliveryWake();
    /** cluster mode: entries come only through {@link #apply} */
    private volatile boolean replica;
    /** cluster mode: the createdAt of the newest event applied, the replica's "now" for forgetting keys */
    private volatile Instant newest = Instant.EPOCH;

    /** @param accepted told how many events each call journaled (for metrics) */
    public Ingest(Journal journal, Clock clock, Signal appended, RecentEvents recent, Path snapshotFile,
                  IntConsumer accepted) {
        this.recent = recent;
        this.journal = journal;
        this.accepted = accepted;
        this.clock = clock;
        this.appended = appended;
        this.snapshotFile = snapshotFile;
        this.reusedIds = new ReusedIds(state, journal);
    }

    /**
     * Loads the snapshot and replays the journal after it. Call once before serving. A snapshot that cannot be read
     * is rebuilt from the journal, with a warning: what the journal no longer holds (retention deleted it) is lost.
     */
    public void recover() {
        IngestSnapshot.Recovered r = IngestSnapshot.recover(snapshotFile, state, journal);
        snapshotSeq = r.snapshotSeq();
        if (r.newest() != null) newest = r.newest();
        // the snapshot may hold what retention deleted since it was written (a tenant whose events are all gone)
        state.prune(pruneTime(), journal.firstSeq());
        log.info("ingest_recovered snapshotSeq={} replayed={} resources={}", snapshotSeq, r.replayed(),
                state.resources.size());
    }

    /**
     * Who is told after each call that appended, on the appending thread and outside ingest's lock (also after a
     * call that failed part-way): the stream hub publishes the new events there. Set before serving.
     */
    public void afterAppend(Runnable hook) {
        this.afterAppend = hook;
    }

    /** Which events wake delivery's fan-out as they are appended ({@link DeliveryWake}). Set before serving. */
    public void wakeDeliveryFor(Predicate<NewEvent> mayWant) {
        deliveryWake.mayWant(mayWant);
    }

    /**
     * Cluster mode: the journal is a replica of the replicated log and takes entries only through {@link #apply};
     * a local post would give a seq the log never gave, so it is refused from now on. Call before serving.
     */
    public void becomeReplica() {
        replica = true;
    }

    /** True: a post takes ingest's lock only for the work in memory and the journal's append to its mapped file. */
    @Override
    public boolean answersLocally() {
        return true;
    }

    /**
     * Appends every event or, if one is a repeat, answers its first acceptance. Validation happened before; a
     * producer id that is already another event's id refuses the whole call (409) before anything is written.
     * Only a journal failure (503) can stop the loop part-way.
     */
    @Override
    public List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys, boolean batch) {
        List<String> keys = Post.keysOf(events, headerKeys);
        List<Head> heads = Head.allOf(events, keys); // the costly part, outside the lock
        boolean[] wake = {false};
        lock.lock();
        try {
            return postAllLocked(events, heads, keys, batch, wake);
        } finally {
            lock.unlock();
            if (wake[0]) appended.fire(); // outside: the woken thread may take this core, not a holder's
            afterAppend.run();
            if (!batch) journal.touchAhead(); // after the frames; a batch outruns it (README: Journal)
        }
    }

    /**
     * @param keys one per event ({@link Post#keysOf})
     * @param wake set when delivery's fan-out is to be woken, for what was appended (also before a failure)
     */
    private List<Accepted> postAllLocked(List<NewEvent> events, List<Head> heads, List<String> keys, boolean batch,
                                         boolean[] wake) {
        if (replica) throw new IllegalStateException("cluster mode: events are posted through the replicated log");
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        reusedIds.refuse(events, keys::get, now, batch);
        byte[] createdAt = EventCodec.createdAt(now);
        List<Accepted> answers = new ArrayList<>(events.size());
        boolean batchOfMany = events.size() > 1; // only then can an event repeat one of the same call
        Map<String, Accepted> inThisCall = batchOfMany ? new HashMap<>() : Map.of();
        int made = 0;
        for (int i = 0; i < events.size(); i++) {
            lock.progressed();
            NewEvent e = events.get(i);
            String key = keys.get(i);
            Accepted prior = repeatOf(key, e, inThisCall, now);
            if (prior != null) {
                answers.add(prior.asDuplicate());
                continue;
            }
            StoredEvent stored = append(e, heads.get(i), now, createdAt, key);
            made++;
            wake[0] |= deliveryWake.due(e);
            Accepted a = new Accepted(stored.id(), stored.seq(), stored.createdAt(), false);
            if (batchOfMany && key != null) inThisCall.put(key, a);
            if (batchOfMany && e.producerId() != null) inThisCall.put(PRODUCER_ID + e.producerId(), a);
            answers.add(a);
        }
        accepted.accept(made);
        return answers;
    }

    /**
     * Applies one post of the replicated log at its {@code seq}, with the record's time as createdAt: the same
     * decision as {@link #postAll} makes for one event. A repeat (within 24 h of {@code createdAt}) or a reused id
     * writes nothing and leaves {@code seq} a gap; a new event is appended to the replica journal at {@code seq}.
     * Called in log order by one thread.
     *
     * @throws io.herald.core.HeraldException 503 when the local journal cannot take the entry (nothing applied)
     */
    public Outcome apply(long seq, Instant createdAt, Post p) {
        lock.lock();
        try {
            return applyLocked(seq, createdAt, p);
        } finally {
            lock.unlock();
            afterAppend.run();
            journal.touchAhead(); // after the streams were written to: a page fault here delays none of them
        }
    }

    private Outcome applyLocked(long seq, Instant createdAt, Post p) {
        Instant now = createdAt.truncatedTo(ChronoUnit.MILLIS);
        NewEvent e = p.event();
        String reused = reusedIds.reuseOf(e, p.key(), now);
        if (reused != null) return Outcome.refused(reused);
        Accepted prior = repeatOf(p.key(), e, Map.of(), now);
        if (prior != null) return Outcome.made(prior.asDuplicate());
        ObjectNode previous = previousOf(e);
        byte[] bytes = EventCodec.entry(Head.of(e, p.idTail(), p.key()).bytes(), EventCodec.createdAt(now), previous);
        journal.appendAt(seq, bytes);
        StoredEvent made = applied(e, p.idTail(), seq, now, previous, p.key(), bytes.length);
        newest = now;
        if (deliveryWake.due(e)) appended.fire();
        accepted.accept(1);
        return Outcome.made(new Accepted(made.id(), made.seq(), made.createdAt(), false));
    }

    /**
     * Cluster mode, before a post goes to the log: the first acceptance of each post that is a repeat visible on
     * this node now (null for one to send), by this node's clock. A fast path only: {@link #apply} decides.
     *
     * @throws io.herald.core.HeraldException 409 for a producer id this node knows is another event's
     */
    public List<Accepted> visibleRepeats(List<Post> posts, boolean batch) {
        return lock.holding(() -> visibleRepeatsLocked(posts, batch));
    }

    private List<Accepted> visibleRepeatsLocked(List<Post> posts, boolean batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<NewEvent> events = posts.stream().map(Post::event).toList();
        reusedIds.refuse(events, i -> posts.get(i).key(), now, batch);
        List<Accepted> out = new ArrayList<>(posts.size());
        for (Post p : posts) {
            Accepted prior = repeatOf(p.key(), p.event(), Map.of(), now);
            out.add(prior == null ? null : prior.asDuplicate());
        }
        return out;
    }

    /** The first acceptance this post repeats: same Idempotency-Key, or same producer id, within 24 h. */
    private Accepted repeatOf(String key, NewEvent e, Map<String, Accepted> inThisCall, Instant now) {
        Accepted prior = key == null ? null : inThisCall.getOrDefault(key, state.idempotent(key, now));
        if (prior != null || e.producerId() == null) return prior;
        String idKey = PRODUCER_ID + e.producerId();
        return idKey.equals(key) ? null : inThisCall.getOrDefault(idKey, state.idempotent(idKey, now));
    }

    /**
     * The entry is final before the journal gives it a seq (the journal's own ordering, as a Kafka offset would
     * be): an id Herald makes is put together from that seq afterwards, as every reader of the entry does.
     * {@code previous} still comes from the state under the lock, so it diffs against the event just before.
     */
    private StoredEvent append(NewEvent e, Head head, Instant now, byte[] createdAt, String key) {
        ObjectNode previous = previousOf(e);
        byte[] rest = EventCodec.rest(createdAt, previous); // the journal joins it to the head
        long seq = journal.append(head.bytes(), rest);
        return applied(e, head.idTail(), seq, now, previous, key, head.bytes().length + rest.length);
    }

    /** CONTRACT 3.2, against the resource's state under the lock; null for an event without a resource. */
    private ObjectNode previousOf(NewEvent e) {
        if (e.resource() == null) return null;
        ResourceState old = state.resource(e.resource());
        return Previous.diff(old == null ? null : old.state(), e.data());
    }

    /** Remembers the entry the journal took at {@code seq}: resource state, idempotency, the recent cache. */
    private StoredEvent applied(NewEvent e, String tail, long seq, Instant now, ObjectNode previous, String key,
                                int entryBytes) {
        StoredEvent made = new StoredEvent(tail == null ? e.producerId() : EventIds.make(seq, tail), seq, e.type(),
                now, e.resource(), e.data(), previous, e.tenant());
        state.apply(made, key);
        recent.put(new EventCodec.Decoded(made, key, e.target()), entryBytes);
        return made;
    }

    /** A resource's state and the journal's last seq, taken together: nothing can be appended in between. */
    public Snapshot snapshotOf(io.herald.core.ResourceRef ref) {
        return lock.holding(() -> new Snapshot(state.resource(ref), journal.lastSeq()));
    }

    /** @param state null when Herald never saw the resource */
    public record Snapshot(ResourceState state, long lastSeq) {}

    public IngestState state() {
        return state;
    }

    /** Writes a snapshot if anything changed since the last one; then retention may delete up to it. */
    public void snapshot() throws IOException {
        long seq = lock.holding(() -> state.appliedSeq);
        if (seq == snapshotSeq) return;
        IngestSnapshot.write(state, seq, snapshotFile);
        snapshotSeq = seq;
    }

    /** The oldest seq the snapshot still needs from the journal. */
    public long keepFromSeq() {
        return snapshotSeq + 1;
    }

    public void prune() {
        state.prune(pruneTime(), journal.firstSeq());
    }

    /**
     * Until when idempotency keys are kept. A replica forgets a key only once the log itself has moved 24 h past
     * it (the newest event's time): by its own clock, a node that lags behind the log would forget a key that
     * the others still hold for the record it is about to apply, and decide that record differently.
     */
    private Instant pruneTime() {
        return replica ? newest : clock.instant();
    }

}
