package io.herald.journal;

import java.time.Instant;

/**
 * An append-only log of opaque entries, each given a {@code seq} by the journal's own ordering: 1, 2, 3...
 * strictly increasing, never reused. Ingest, dispatch and streams depend only on this interface.
 *
 * <p>The promises below are what a second implementation must keep. Chronicle Queue keeps them in one process
 * ({@link ChronicleJournal}); a Kafka topic of one partition keeps them across nodes with {@code seq = offset +
 * 1}, each append acknowledged with {@code acks=all}.
 * <ul>
 *   <li><b>Ordering.</b> The seq is known only when {@link #append} returns: the bytes are final before the
 *   call, and nothing in them may depend on the seq (a reader that needs seq-derived values derives them from
 *   {@link JournalEntry#seq()}). Entries are read back in seq order, each exactly once per tail. Two appends
 *   from different threads or nodes are ordered by the journal, not by the callers.
 *   <li><b>Durability at return.</b> When {@link #append} returns, the entry survives a {@code kill -9} of this
 *   process the next instant (Chronicle: it is in the memory-mapped file; Kafka: all in-sync replicas have it),
 *   and every tail, opened before or after, will give it (see {@link Tail#next()}).
 *   <li><b>Thread-safety.</b> Every method of the journal may be called from any thread at once. A {@link Tail}
 *   is for one thread at a time.
 *   <li><b>Failure.</b> An append that fails throws {@link io.herald.core.HeraldException} 503
 *   {@code unavailable} and gives no seq; the next append may succeed (when the disk or broker is back). Chronicle
 *   has then written nothing. A backend that cannot always tell (a Kafka acknowledgement lost to a timeout) may
 *   still have stored it: its tails then meet the entry like any other. A 503 therefore means "not acknowledged",
 *   never "certainly absent".
 * </ul>
 */
public interface Journal extends AutoCloseable {

    /**
     * Appends one entry and returns the seq the journal gave it, once it is durable (see the class comment).
     *
     * @param entry the entry's final bytes; the journal keeps them as given (the caller must not change them)
     * @throws io.herald.core.HeraldException 503 unavailable when the journal cannot take writes, 413 too_large
     *         for an entry larger than the journal takes (it then takes the next ones as before); nothing is then
     *         written
     */
    long append(byte[] entry);

    /**
     * As {@link #append}, for an entry given in two parts: the entry is {@code head} followed by {@code rest}, and
     * the journal keeps it as if one array had been given. Ingest makes the larger part before its lock and the
     * rest under it; joining them first was an eighth of what batch ingest allocated (P2). This default joins them.
     */
    default long append(byte[] head, byte[] rest) {
        byte[] entry = java.util.Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, entry, head.length, rest.length);
        return append(entry);
    }

    /**
     * Appends one entry at a seq the caller gives, for a journal that is a <b>replica</b> of a log whose order is
     * decided elsewhere (cluster mode: the local journal follows {@code PREFIX.events}, seq = offset + 1). The seqs
     * between {@link #lastSeq()} and {@code seq} stay a gap: no tail gives them, {@link #read} answers null there,
     * and an empty journal simply starts at {@code seq}. The same durability and failure promises as
     * {@link #append}. Never mixed with {@link #append} in one journal: a replica takes only this.
     *
     * @throws IllegalArgumentException when {@code seq} is not above {@link #lastSeq()} (nothing is written)
     * @throws UnsupportedOperationException for a journal that cannot be a replica
     */
    default void appendAt(long seq, byte[] entry) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot be a replica");
    }

    /**
     * A hint from the thread that just appended, once nothing waits on it: prepare for the next appends now
     * (Chronicle maps the file's next pages, each of which would otherwise stop an append for a page fault). It
     * changes nothing any reader can see, never throws, and may do nothing; the default does nothing.
     */
    default void touchAhead() {}

    /** The seq of the newest entry this node knows was appended, 0 when the journal is empty. */
    long lastSeq();

    /** The seq of the oldest retained entry; lastSeq() + 1 when nothing is retained. */
    long firstSeq();

    /**
     * The entry at {@code seq}, or null when it is not retained (or not written yet). A point look-up for the read
     * API, not a database: each call positions a fresh reader (Chronicle: opens a tailer and moves it to the
     * index; Kafka: a seek and a fetch, a round trip to the broker). Whoever needs many entries follows a
     * {@link #tail}, and whoever needs to find its own records keeps its own index.
     */
    JournalEntry read(long seq);

    /**
     * Follows the journal from the entry after {@code afterSeq}: every entry with a greater seq, in order, then
     * each new one as it is appended. {@code afterSeq} below what is retained starts at the oldest retained entry
     * (retention deleted the rest); at or past {@link #lastSeq()} it waits for the next append. (Kafka: seek to
     * offset {@code afterSeq}.)
     */
    Tail tail(long afterSeq);

    /**
     * Deletes whole segments whose entries are all older than {@code cutoff} and below {@code keepFromSeq}; the
     * newest segment is never deleted. Returns how many went. Only the caller decides what may go: the journal
     * never deletes an entry at or above {@code keepFromSeq}.
     */
    int deleteBefore(Instant cutoff, long keepFromSeq);

    /** Bytes on disk (Kafka: of this node's cache, or 0). */
    long sizeBytes();

    /** Whether appends currently succeed (the disk is writable, the broker reachable). */
    boolean writable();

    /** Why appends are refused right now (a full disk, no file descriptors...), or null when they are not. */
    default String unwritableReason() {
        return writable() ? null : "the journal cannot take writes";
    }

    /** Closes the journal; open tails stop returning entries. Appends after close fail. */
    @Override
    void close();

    /**
     * A cursor that follows the journal, for one thread at a time (open as many as needed). It never skips an
     * entry it could still read and never returns one twice.
     */
    interface Tail extends AutoCloseable {
        /**
         * The next entry, or null when it has none to give right now (call again later). An entry whose append
         * returned is given by a later call: Chronicle gives it at once, a Kafka consumer after its next fetch.
         * Never blocks for new entries: followers sleep on {@link io.herald.core.Signal}, which ingest fires after
         * its appends, and look again at least every 200 ms, so entries another node appended are found without it.
         */
        JournalEntry next();

        /**
         * As {@link #next}, but the entry's bytes are copied out only when {@code copy} answers true for its seq;
         * otherwise the entry comes with {@code null} bytes. For a follower that usually has the entry decoded
         * already ({@link io.herald.core.RecentEvents}): fan-out copied every entry under batch ingest and used
         * almost none of the copies (8% of what Herald allocated at P2). {@code copy} is asked once per entry, on the
         * calling thread, before the entry is given.
         */
        JournalEntry next(java.util.function.LongPredicate copy);

        /**
         * Entries up to {@code seq} are not wanted: later calls pass over them without copying them out. For a
         * follower that others usually keep ahead of (the stream tailer, behind the posters that published).
         * A lower {@code seq} than this tail's position changes nothing: a tail never moves back.
         */
        void skipThrough(long seq);

        @Override
        void close();
    }
}
