package io.herald.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.EventCodec;
import io.herald.core.EventIds;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.core.StateFile;
import io.herald.core.StoredEvent;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntConsumer;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts events: assigns id and {@code previous}, appends to the journal (which gives the seq), then remembers
 * resource state and idempotency. One lock orders all of it, so {@code previous} always diffs against the event
 * just before.
 */
public final class Ingest {
    private static final Logger log = LoggerFactory.getLogger(Ingest.class);
    /** idempotency keys of producer ids; those of Idempotency-Key headers start with "key:" */
    static final String PRODUCER_ID = "id:";

    private final Journal journal;
    private final IngestState state = new IngestState();
    private final Clock clock;
    private final Signal appended;
    private final RecentEvents recent;
    private final Path snapshotFile;
    private final RandomGenerator random = new BufferedSecureRandom();
    private final IntConsumer accepted;
    private volatile long snapshotSeq;

    /** @param accepted told how many events each call journaled (for metrics) */
    public Ingest(Journal journal, Clock clock, Signal appended, RecentEvents recent, Path snapshotFile,
                  IntConsumer accepted) {
        this.recent = recent;
        this.journal = journal;
        this.accepted = accepted;
        this.clock = clock;
        this.appended = appended;
        this.snapshotFile = snapshotFile;
    }

    /**
     * Loads the snapshot and replays the journal after it. Call once before serving. A snapshot that cannot be read
     * is rebuilt from the journal, with a warning: what the journal no longer holds (retention deleted it) is lost.
     */
    public void recover() {
        try {
            snapshotSeq = IngestSnapshot.read(snapshotFile, state);
        } catch (StateFile.Damaged e) {
            long first = journal.firstSeq();
            log.warn("ingest_snapshot_rebuilt file={} reason=\"{}\": rebuilding resource state, idempotency keys and"
                    + " producer ids from the retained journal (from seq {}); {}", snapshotFile, e.getMessage(), first,
                    first <= 1 ? "it holds every event, so nothing is lost"
                            : "the state of resources whose events retention already deleted (seq 1 to " + (first - 1)
                            + ") is lost");
            snapshotSeq = 0;
        }
        long replayed = 0;
        try (Journal.Tail r = journal.tail(snapshotSeq)) {
            for (JournalEntry e; (e = r.next()) != null; replayed++) {
                EventCodec.Decoded d = EventCodec.decode(e.seq(), e.bytes());
                state.apply(d.event(), d.idempotencyKey());
            }
        }
        // the snapshot may hold what retention deleted since it was written (a tenant whose events are all gone)
        state.prune(clock.instant(), journal.firstSeq());
        log.info("ingest_recovered snapshotSeq={} replayed={} resources={}", snapshotSeq, replayed, state.resources.size());
    }

    public Accepted post(NewEvent e, String idempotencyKey) {
        return postAll(List.of(e), idempotencyKey == null ? null : List.of(idempotencyKey), false).get(0);
    }

    /**
     * Appends every event or, if one is a repeat, answers its first acceptance. Validation happened before; a
     * producer id that is already another event's id refuses the whole call (409) before anything is written.
     * Only a journal failure (503) can stop the loop part-way.
     */
    public List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys) {
        return postAll(events, headerKeys, true);
    }

    private List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys, boolean batch) {
        List<byte[]> data = new ArrayList<>(events.size());
        for (NewEvent e : events) data.add(Json.bytes(e.data())); // the costly part, outside the lock
        return postAll(events, data, headerKeys, batch);
    }

    private synchronized List<Accepted> postAll(List<NewEvent> events, List<byte[]> data, List<String> headerKeys,
                                                boolean batch) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        refuseReusedIds(events, headerKeys, now, batch);
        List<Accepted> answers = new ArrayList<>(events.size());
        Map<String, Accepted> inThisCall = new HashMap<>();
        int made = 0;
        for (int i = 0; i < events.size(); i++) {
            NewEvent e = events.get(i);
            String key = keyOf(e, headerKeys == null ? null : headerKeys.get(i));
            Accepted prior = repeatOf(key, e, inThisCall, now);
            if (prior != null) {
                answers.add(prior.asDuplicate());
                continue;
            }
            StoredEvent stored = append(e, data.get(i), now, key);
            made++;
            Accepted a = new Accepted(stored.id(), stored.seq(), stored.createdAt(), false);
            if (key != null) inThisCall.put(key, a);
            if (e.producerId() != null) inThisCall.put(PRODUCER_ID + e.producerId(), a);
            answers.add(a);
        }
        appended.fire();
        accepted.accept(made);
        return answers;
    }

    /**
     * Idempotency-Key values are the producer's per tenant: acme's "job-1" is not globex's. A tenant name holds no
     * '/', so "tkey:acme/job-1" cannot be any other tenant's key, and the operator's keys keep their old form.
     * A producer id is an event id, unique across tenants.
     */
    private static String keyOf(NewEvent e, String headerKey) {
        if (headerKey != null) return e.tenant() == null ? "key:" + headerKey : "tkey:" + e.tenant() + "/" + headerKey;
        return e.producerId() == null ? null : PRODUCER_ID + e.producerId();
    }

    /** The first acceptance this post repeats: same Idempotency-Key, or same producer id, within 24 h. */
    private Accepted repeatOf(String key, NewEvent e, Map<String, Accepted> inThisCall, Instant now) {
        Accepted prior = key == null ? null : inThisCall.getOrDefault(key, state.idempotent(key, now));
        if (prior != null || e.producerId() == null) return prior;
        String idKey = PRODUCER_ID + e.producerId();
        return idKey.equals(key) ? null : inThisCall.getOrDefault(idKey, state.idempotent(idKey, now));
    }

    /**
     * CONTRACT 3.1: an event id is never shared by two events, or receivers that dedupe on webhook-id drop the
     * second. A producer id that is not a repeat (above) but names an event Herald holds is a 409. Two hash
     * lookups per producer id; the journal is read only for an id in the shape of Herald's own, which names its
     * seq.
     */
    private void refuseReusedIds(List<NewEvent> events, List<String> headerKeys, Instant now, boolean batch) {
        List<HeraldException.Detail> reused = null;
        for (int i = 0; i < events.size(); i++) {
            String id = events.get(i).producerId();
            if (id == null) continue;
            String headerKey = headerKeys == null ? null : headerKeys.get(i);
            if (headerKey != null && state.idempotent(keyOf(events.get(i), headerKey), now) != null) continue;
            if (state.idempotent(PRODUCER_ID + id, now) != null) continue;
            String owner = ownerOf(id);
            if (owner == null) continue;
            if (reused == null) reused = new ArrayList<>();
            reused.add(new HeraldException.Detail(i, "id \"" + id + "\" is already the id of " + owner
                    + "; an event id is never shared by two events"));
        }
        if (reused == null) return;
        if (!batch) throw HeraldException.conflict(reused.get(0).message());
        throw new HeraldException(409, "conflict", reused.size() + " of " + events.size()
                + " events reuse the id of another event; nothing was accepted", reused, null);
    }

    /** Which event already holds this id, in words, or null when none does. */
    private String ownerOf(String id) {
        Long seq = state.seqOfProducerId(id);
        if (seq != null) return "another event (seq " + seq + ")";
        OptionalLong made = EventIds.seqOf(id);
        if (made.isEmpty() || made.getAsLong() > journal.lastSeq()) return null;
        JournalEntry entry = journal.read(made.getAsLong());
        if (entry == null || !EventCodec.decode(entry.seq(), entry.bytes()).event().id().equals(id)) return null;
        return "an event Herald made (seq " + made.getAsLong() + ")";
    }

    /**
     * The entry is final before the journal gives it a seq (the journal's own ordering, as a Kafka offset would
     * be): an id Herald makes is put together from that seq afterwards, as every reader of the entry does.
     * {@code previous} still comes from the state under this lock, so it diffs against the event just before.
     */
    private StoredEvent append(NewEvent e, byte[] data, Instant now, String key) {
        String tail = e.producerId() != null ? null : EventIds.tail(random);
        ObjectNode previous = null;
        if (e.resource() != null) {
            ResourceState old = state.resource(e.resource());
            previous = Previous.diff(old == null ? null : old.state(), e.data());
        }
        StoredEvent unsaved = new StoredEvent(e.producerId(), 0, e.type(), now, e.resource(), e.data(), previous,
                e.tenant());
        byte[] bytes = EventCodec.encode(unsaved, tail, data, key, e.target());
        long seq = journal.append(bytes);
        StoredEvent made = new StoredEvent(tail == null ? e.producerId() : EventIds.make(seq, tail), seq, e.type(),
                now, e.resource(), e.data(), previous, e.tenant());
        state.apply(made, key);
        recent.put(new EventCodec.Decoded(made, key, e.target()), bytes.length);
        return made;
    }

    /** A resource's state and the journal's last seq, taken together: nothing can be appended in between. */
    public synchronized Snapshot snapshotOf(io.herald.core.ResourceRef ref) {
        return new Snapshot(state.resource(ref), journal.lastSeq());
    }

    /** @param state null when Herald never saw the resource */
    public record Snapshot(ResourceState state, long lastSeq) {}

    public IngestState state() {
        return state;
    }

    /** Writes a snapshot if anything changed since the last one; then retention may delete up to it. */
    public void snapshot() throws IOException {
        long seq;
        synchronized (this) {
            seq = state.appliedSeq;
        }
        if (seq == snapshotSeq) return;
        IngestSnapshot.write(state, seq, snapshotFile);
        snapshotSeq = seq;
    }

    /** The oldest seq the snapshot still needs from the journal. */
    public long keepFromSeq() {
        return snapshotSeq + 1;
    }

    public void prune() {
        state.prune(clock.instant(), journal.firstSeq());
    }

}
