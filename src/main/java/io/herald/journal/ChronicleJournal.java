package io.herald.journal;

import io.herald.core.Descriptors;
import io.herald.core.HeraldException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chronicle Queue behind {@link Journal}. Each document holds {@code seq} (8 bytes) then the entry bytes.
 *
 * <p>Our seq is our own counter, not Chronicle's index (which jumps by 2^32 per cycle), so users see 1, 2, 3...
 * Within one roll cycle Chronicle's index is contiguous, so remembering the first seq of each cycle is enough to
 * turn any seq into an index without scanning.
 *
 * <p>As a replica ({@link #appendAt}) the seqs have gaps. Each seq skipped inside the journal is written as a
 * filler document holding {@code -seq} and nothing else, so the seq-to-index arithmetic above still holds; tails
 * skip fillers and look-ups answer null for them. The local path never writes one (no cost on {@link #append}).
 * A journal that starts above seq 1 needs none: its first cycle simply starts there.
 */
public final class ChronicleJournal implements Journal {
    private static final byte[] NOTHING = new byte[0];
    private static final Logger log = LoggerFactory.getLogger(ChronicleJournal.class);

    private final Path dir;
    private final SingleChronicleQueue queue;
    private final RollCycle rollCycle;
    /** replaced after a failed append: one that failed to open its cycle file never writes again */
    private ExcerptAppender appender;
    private final DiskGuard disk;
    /** first seq of each cycle -> that cycle. Written under the append lock, read by readers. */
    private final ConcurrentSkipListMap<Long, Integer> cycleStarts = new ConcurrentSkipListMap<>();
    private volatile long lastSeq;
    /** the highest seq in the file, a filler's included (above lastSeq only after a failed or cut-off appendAt) */
    private long written;
    private int lastCycle = Integer.MIN_VALUE;
    /** orders appends; also held by retention, the touch ahead and close */
    private final ReentrantLock lock = new ReentrantLock();
    /** the pages after the written end, mapped before the next append needs them; under the lock */
    private final AheadPages ahead = new AheadPages();
    /** whether an append waits for the lock: a touch gives way to it (one supplier, not one per post) */
    private final BooleanSupplier appendWaits = lock::hasQueuedThreads;

    public ChronicleJournal(Path dir, RollCycle rollCycle, Clock clock, DiskGuard disk) {
        this.dir = dir;
        this.rollCycle = rollCycle;
        this.disk = disk;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw HeraldException.unavailable("cannot create journal directory " + dir, e);
        }
        this.queue = Queues.open(dir, rollCycle, clock);
        this.appender = Appenders.create(queue);
        CycleScan scan = CycleScan.of(queue, rollCycle); // what is on disk
        cycleStarts.putAll(scan.cycleStarts());
        lastSeq = scan.lastSeq();
        written = scan.written();
        if (!cycleStarts.isEmpty()) lastCycle = cycleStarts.lastEntry().getValue();
        log.info("journal_opened dir={} firstSeq={} lastSeq={}", dir, firstSeq(), lastSeq);
    }

    /**
     * The seq is our counter, taken under this lock: appends are ordered by it, and the entry is in the
     * memory-mapped file (safe from a process crash) when the document closes.
     */
    @Override
    public long append(byte[] bytes) {
        return append(bytes, NOTHING);
    }

    @Override
    public long append(byte[] head, byte[] rest) {
        lock.lock();
        try {
            disk.check(dir);
            Appenders.checkFits(queue, head.length + rest.length);
            long seq = lastSeq + 1;
            try (DocumentContext dc = appender.writingDocument()) {
                Bytes<?> out = dc.wire().bytes();
                out.writeLong(seq);
                out.write(head);
                out.write(rest);
                ahead.wrote(out);
            } catch (Exception | InternalError e) { // Chronicle throws IOExceptions it does not declare
                throw failed(e);
            }
            IndexHolders.keep(appender);
            noteCycle(seq);
            lastSeq = seq;
            written = seq;
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /**
     * A replica's append: fillers for the seqs skipped since the last entry (none on an empty journal), then the
     * entry, under the same lock as {@link #append}. Gaps come from the records the replica rejected (repeats), so
     * they are few; the fillers and the entry are written before lastSeq moves, so no reader sees half of it.
     */
    @Override
    public void appendAt(long seq, byte[] bytes) {
        lock.lock();
        try {
            if (seq <= lastSeq) {
                throw new IllegalArgumentException("seq " + seq + " is not above the journal's last seq " + lastSeq);
            }
            disk.check(dir);
            Appenders.checkFits(queue, bytes.length);
            long first = written == 0 ? seq : written + 1;
            try {
                for (long s = first; s <= seq; s++) {
                    try (DocumentContext dc = appender.writingDocument()) {
                        Bytes<?> out = dc.wire().bytes();
                        if (s < seq) {
                            out.writeLong(-s);
                        } else {
                            out.writeLong(s);
                            out.write(bytes);
                        }
                        ahead.wrote(out);
                    }
                    noteCycle(s);
                    written = s;
                }
                IndexHolders.keep(appender);
            } catch (Exception | InternalError e) {
                throw failed(e);
            }
            lastSeq = seq;
        } finally {
            lock.unlock();
        }
    }

    /** After an append failed, under the lock: the refusal to throw, with a clean appender for the next one. */
    private HeraldException failed(Throwable e) {
        ahead.forget();
        disk.markFailed(e);
        if (!Descriptors.isExhaustion(e)) log.warn("journal_append_failed dir={} reason=\"{}\"", dir, e.toString());
        appender = Appenders.replace(queue, appender, e, dir);
        return HeraldException.unavailable("the journal cannot take writes: " + disk.problem(dir), e);
    }

    private void noteCycle(long seq) {
        int cycle = rollCycle.toCycle(appender.lastIndexAppended());
        if (cycle != lastCycle) {
            cycleStarts.put(seq, cycle);
            lastCycle = cycle;
        }
    }

    @Override
    public long lastSeq() {
        return lastSeq;
    }

    @Override
    public long firstSeq() {
        Map.Entry<Long, Integer> first = cycleStarts.firstEntry();
        return first == null ? lastSeq + 1 : first.getKey();
    }

    /** Chronicle's index of an existing seq, or -1 when it is not retained. */
    long indexOf(long seq) {
        Map.Entry<Long, Integer> cycle = cycleStarts.floorEntry(seq);
        if (cycle == null || seq > lastSeq) return -1;
        return rollCycle.toIndex(cycle.getValue(), seq - cycle.getKey());
    }

    @Override
    public Tail tail(long afterSeq) {
        ExcerptTailer tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
        long index = afterSeq >= firstSeq() ? indexOf(afterSeq) : -1;
        if (index >= 0 && tailer.moveToIndex(index)) {
            CycleScan.readSeq(tailer); // consume afterSeq itself: the reader starts right after it
        } else if (afterSeq >= lastSeq && lastSeq > 0 && afterSeq >= firstSeq()) {
            tailer.toEnd();
        } else {
            tailer.toStart();
        }
        IndexHolders.keep(tailer);
        return new ChronicleTail(tailer, afterSeq, this::indexOf);
    }

    /** Opens a tailer and moves it to {@code seq}'s index, as the interface says. */
    @Override
    public JournalEntry read(long seq) {
        try (ChronicleLookup l = lookup()) {
            return l.at(seq);
        }
    }

    /**
     * A reader for many point look-ups, beyond what {@link Journal} promises: Chronicle moves a tailer to any index
     * without scanning, so one tailer moved from entry to entry costs about what a map look-up would. For a store
     * that keeps its own index of the positions this journal answered (the delivery store). One thread at a time.
     */
    public ChronicleLookup lookup() {
        ExcerptTailer tailer = queue.createTailer();
        tailer.singleThreadedCheckDisabled(true);
        return new ChronicleLookup(this, tailer);
    }

    @Override
    public int deleteBefore(Instant cutoff, long keepFromSeq) {
        lock.lock();
        try {
            int deleted = 0;
            long cycleMillis = rollCycle.lengthInMillis();
            for (Map.Entry<Long, Integer> e : cycleStarts.entrySet()) {
                int cycle = e.getValue();
                Long nextStart = cycleStarts.higherKey(e.getKey());
                boolean oldEnough = (cycle + 1L) * cycleMillis <= cutoff.toEpochMilli();
                boolean notNeeded = nextStart != null && nextStart <= keepFromSeq;
                if (!oldEnough || !notNeeded || cycle == lastCycle) break;
                File file = CycleFiles.file(dir, rollCycle, cycle);
                if (file != null && file.delete()) {
                    cycleStarts.remove(e.getKey());
                    deleted++;
                    log.info("journal_cycle_deleted dir={} cycle={} firstSeq={}", dir.getFileName(), cycle, e.getKey());
                }
            }
            if (deleted > 0) queue.refreshDirectoryListing();
            return deleted;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long sizeBytes() {
        File[] files = dir.toFile().listFiles();
        long total = 0;
        if (files != null) for (File f : files) total += f.length();
        return total;
    }

    @Override
    public boolean writable() {
        return disk.ok(dir);
    }

    @Override
    public String unwritableReason() {
        return disk.problem(dir);
    }

    /** See {@link AheadPages}: after an append, the kernel maps the next pages now rather than during the next one. */
    @Override
    public void touchAhead() {
        if (!lock.tryLock()) return; // an append is under way: it maps its own pages, and a hint never waits
        try {
            if (disk.ok(dir)) ahead.touch(appendWaits);
        } finally {
            lock.unlock();
        }
    }

    /** For tests: see {@link AheadPages#touchedTo()}. */
    long touchedTo() {
        lock.lock();
        try {
            return ahead.touchedTo();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            ahead.forget();
            appender.close();
            queue.close();
        } finally {
            lock.unlock();
        }
    }
}
