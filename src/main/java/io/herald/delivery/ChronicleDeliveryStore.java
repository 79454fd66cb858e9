package io.herald.delivery;

import io.herald.core.HeraldException;
import io.herald.core.SeqList;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The default {@link DeliveryStore}: records in a Chronicle journal of their own ({@code storage.dir/deliveries}),
 * whose positions are its seqs. Durable at return as that journal is (the memory-mapped file survives a
 * {@code kill -9}).
 *
 * <p>Its own index: each subscription's record positions in memory (eight bytes a record), filled with the
 * position each append answered, under this store's lock so that every list stays in order; and on disk each
 * record's {@code prev}, the position answered for its delivery's record before. A subscription's newest-first
 * list and one delivery's story are then point reads through one {@link io.herald.journal.ChronicleLookup}, which moves a
 * single tailer from index to index (Chronicle finds an index without scanning), not a reader opened per record.
 */
public final class ChronicleDeliveryStore implements DeliveryStore {
    private final ChronicleJournal journal;
    private final Map<String, SeqList> bySubscription = new ConcurrentHashMap<>();
    /** guarded by itself: one tailer shared by the API's readers, each read a move to an index and one copy */
    private final io.herald.journal.ChronicleLookup lookup;
    private volatile boolean loaded;

    public ChronicleDeliveryStore(ChronicleJournal journal) {
        this.journal = journal;
        this.lookup = journal.lookup();
    }

    @Override
    public long append(AttemptRecord r) {
        byte[] bytes = r.encode();
        // the journal answers positions in order; indexing them in that same order keeps each list sorted
        synchronized (this) {
            long pos = journal.append(bytes);
            bySubscription.computeIfAbsent(r.delivery().subscriptionId(), k -> new SeqList()).add(pos);
            return pos;
        }
    }

    @Override
    public void recover(Consumer<Entry> visitor) {
        try (Journal.Tail t = journal.tail(0)) {
            for (JournalEntry e; (e = t.next()) != null; ) {
                AttemptRecord rec;
                try {
                    rec = AttemptRecord.decode(e.bytes());
                } catch (RuntimeException bad) {
                    throw new IllegalStateException("record " + e.seq() + " is not a delivery record", bad);
                }
                synchronized (this) {
                    bySubscription.computeIfAbsent(rec.delivery().subscriptionId(), k -> new SeqList()).add(e.seq());
                }
                visitor.accept(new Entry(e.seq(), rec));
            }
        }
        loaded = true;
    }

    @Override
    public boolean loaded() {
        return loaded;
    }

    private Entry read(long position) {
        if (position <= 0) return null;
        JournalEntry e;
        synchronized (lookup) {
            e = lookup.at(position);
        }
        return e == null ? null : new Entry(position, AttemptRecord.decode(e.bytes()));
    }

    @Override
    public Entry latest(DeliveryId id) {
        Entry[] found = new Entry[1];
        newestFirst(id.subscriptionId(), e -> {
            if (!e.record().delivery().equals(id)) return true;
            found[0] = e;
            return false;
        });
        return found[0];
    }

    @Override
    public DeliveryView find(DeliveryId id) {
        requireLoaded();
        Entry last = latest(id);
        return last == null ? null : story(last);
    }

    /** Follows the chain back from a delivery's newest record; stops where retention cut it. */
    @Override
    public DeliveryView story(Entry last) {
        List<AttemptRecord> records = new ArrayList<>();
        records.add(last.record());
        for (Entry e = read(last.record().prev()); e != null; e = read(e.record().prev())) records.add(e.record());
        Collections.reverse(records);
        return DeliveryView.of(records);
    }

    @Override
    public Page list(String subscriptionId, DeliveryStatus status, int limit, long before) {
        requireLoaded();
        List<DeliveryView> out = new ArrayList<>();
        long[] last = new long[1];
        boolean[] more = new boolean[1];
        eachDelivery(subscriptionId, before, e -> {
            if (status != null && e.record().status() != status) return true;
            if (out.size() == limit) {
                more[0] = true;
                return false;
            }
            out.add(story(e));
            last[0] = e.position();
            return true;
        });
        // The log is in order of completion and an attempt's time is its start: a page is shown in that order.
        // Which deliveries a page holds still follows the log, so a walk through the pages meets each once.
        out.sort(Comparator.comparing(DeliveryView::lastAt).reversed());
        return new Page(out, more[0] ? last[0] : null);
    }

    @Override
    public void eachDelivery(String subscriptionId, Predicate<Entry> visitor) {
        eachDelivery(subscriptionId, 0, visitor);
    }

    /** As above, from the deliveries whose newest record sits before {@code before} (0: from the newest). */
    private void eachDelivery(String subscriptionId, long before, Predicate<Entry> visitor) {
        Set<DeliveryId> seen = new HashSet<>();
        newestFirst(subscriptionId, e -> {
            boolean first = seen.add(e.record().delivery());
            if (before > 0 && e.position() >= before) return true; // listed on an earlier page, or active since
            return !first || visitor.test(e);
        });
    }

    private void newestFirst(String subscriptionId, Predicate<Entry> visitor) {
        SeqList list = bySubscription.get(subscriptionId);
        if (list == null) return;
        long[] positions = list.after(0);
        for (int i = positions.length - 1; i >= 0; i--) {
            Entry e = read(positions[i]);
            if (e != null && !visitor.test(e)) return;
        }
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        int deleted = journal.deleteBefore(cutoff, Long.MAX_VALUE);
        long first = journal.firstSeq();
        bySubscription.values().forEach(l -> l.dropBelow(first));
        return deleted;
    }

    @Override
    public long sizeBytes() {
        return journal.sizeBytes();
    }

    @Override
    public void close() {
        synchronized (lookup) {
            lookup.close();
        }
        journal.close();
    }
}
