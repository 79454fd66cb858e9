package io.herald.journal;

import java.time.Instant;
import java.util.function.LongFunction;

/**
 * An append-only log of opaque entries, each given a {@code seq}: 1, 2, 3... strictly increasing, never reused.
 * Ingest, dispatch and streams depend only on this interface, so that another backend (Kafka, for a
 * multi-node Herald) can replace Chronicle Queue without touching them.
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one entry. {@code entryForSeq} receives the seq the entry will have and returns its bytes; if it
     * throws, nothing is written. Returns once the entry is durable against a process crash.
     *
     * @throws io.herald.core.HeraldException 503 unavailable when the journal cannot take writes
     */
    long append(LongFunction<byte[]> entryForSeq);

    /** The seq of the newest entry, 0 when the journal is empty. */
    long lastSeq();

    /** The seq of the oldest retained entry; lastSeq() + 1 when nothing is retained. */
    long firstSeq();

    /** The entry at {@code seq}, or null when it is not retained (or not written yet). */
    JournalEntry read(long seq);

    /** A cursor over the entries with seq greater than {@code afterSeq}, in order. One thread per reader. */
    Reader reader(long afterSeq);

    /** Deletes whole files whose entries are all older than {@code cutoff} and below {@code keepFromSeq}. */
    int deleteBefore(Instant cutoff, long keepFromSeq);

    /** Bytes on disk. */
    long sizeBytes();

    /** Whether appends currently succeed (the disk is writable). */
    boolean writable();

    /** Why appends are refused right now (a full disk, no file descriptors...), or null when they are not. */
    default String unwritableReason() {
        return writable() ? null : "the journal cannot take writes";
    }

    @Override
    void close();

    interface Reader extends AutoCloseable {
        /** The next entry, or null when the reader has caught up (call again later). */
        JournalEntry next();

        @Override
        void close();
    }
}
