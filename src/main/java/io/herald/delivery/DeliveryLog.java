package io.herald.delivery;

import io.herald.core.HeraldException;
import io.herald.core.SeqList;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Every attempt, skip and requeue, in a journal of its own, kept as long as the events' retention. An index of
 * each subscription's record positions (eight bytes a record) lets the API list a subscription's deliveries
 * newest first without reading anyone else's; each record points back at its delivery's record before, so one
 * delivery's whole story is a short walk.
 */
public final class DeliveryLog {
    private final Journal journal;
    private final Map<String, SeqList> bySubscription = new ConcurrentHashMap<>();
    private volatile boolean loaded;

    public DeliveryLog(Journal journal) {
        this.journal = journal;
    }

    /** A record and where it sits in the log. */
    public record Entry(long position, AttemptRecord record) {}

    /** Appends and indexes; returns the record's position. */
    long append(AttemptRecord r) {
        byte[] bytes = r.encode();
        synchronized (this) { // positions come back in order, so each subscription's list stays sorted
            long pos = journal.append(bytes);
            bySubscription.computeIfAbsent(r.delivery().subscriptionId(), k -> new SeqList()).add(pos);
            return pos;
        }
    }

    /** Reads the whole log once, in order, indexing it and showing each record to {@code visitor}. */
    void load(java.util.function.Consumer<Entry> visitor) {
        try (Journal.Tail r = journal.tail(0)) {
            for (JournalEntry e; (e = r.next()) != null; ) {
                AttemptRecord rec;
                try {
                    rec = AttemptRecord.decode(e.bytes());
                } catch (RuntimeException bad) {
                    throw new IllegalStateException("record " + e.seq() + " is not a delivery record", bad);
                }
                bySubscription.computeIfAbsent(rec.delivery().subscriptionId(), k -> new SeqList()).add(e.seq());
                visitor.accept(new Entry(e.seq(), rec));
            }
        }
        loaded = true;
    }

    public boolean loaded() {
        return loaded;
    }

    /** Until the log is read at start, its index is partial: the API says so rather than answer wrongly. */
    public void requireLoaded() {
        if (!loaded) {
            throw HeraldException.unavailable("Herald is still reading its delivery log after a restart; try again"
                    + " in a few seconds", null);
        }
    }

    Entry read(long position) {
        JournalEntry e = position <= 0 ? null : journal.read(position);
        return e == null ? null : new Entry(position, AttemptRecord.decode(e.bytes()));
    }

    /** The newest record of a delivery, or null if the log has none. */
    public Entry latest(DeliveryId id) {
        Entry[] found = new Entry[1];
        newestFirst(id.subscriptionId(), e -> {
            if (!e.record().delivery().equals(id)) return true;
            found[0] = e;
            return false;
        });
        return found[0];
    }

    /** A delivery with all its records, or null. */
    public DeliveryView find(DeliveryId id) {
        requireLoaded();
        Entry last = latest(id);
        return last == null ? null : story(last);
    }

    /** Follows the chain back from a delivery's newest record; stops where retention cut it. */
    public DeliveryView story(Entry last) {
        List<AttemptRecord> records = new ArrayList<>();
        records.add(last.record());
        for (Entry e = read(last.record().prev()); e != null; e = read(e.record().prev())) records.add(e.record());
        java.util.Collections.reverse(records);
        return DeliveryView.of(records);
    }

    /** One page of a subscription's deliveries; {@code next} is where the following page starts, or null. */
    public record Page(List<DeliveryView> deliveries, Long next) {}

    /**
     * A subscription's deliveries, most recently active first (by their newest record), optionally only those
     * with a status.
     *
     * @param before 0 for the first page, else an earlier page's {@code next}: the page starts with the
     *               deliveries whose newest record is older than that; one that moved up since is not met again
     */
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
        out.sort(java.util.Comparator.comparing(DeliveryView::lastAt).reversed());
        return new Page(out, more[0] ? last[0] : null);
    }

    /** Shows the newest record of each of a subscription's deliveries, most recently active first, until told to stop. */
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

    /** Forgets positions that retention deleted. */
    public void prune() {
        long first = journal.firstSeq();
        bySubscription.values().forEach(l -> l.dropBelow(first));
    }
}
