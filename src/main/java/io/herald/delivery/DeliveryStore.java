package io.herald.delivery;

import io.herald.core.HeraldException;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The delivery history: every attempt, skip and requeue ({@link AttemptRecord}), kept as long as the events'
 * retention, and what the API and recovery ask of it. The store keeps whatever index it needs itself; callers know
 * a record only by the position the store answered for it.
 *
 * <p>The promises below are what a second implementation must keep ({@link ChronicleDeliveryStore} keeps them on
 * one machine; a Kafka one could keep records in a topic partitioned by subscription, each node indexing the
 * partitions it owns).
 * <ul>
 *   <li><b>Positions.</b> {@link #append} answers the record's position once it is written, never before:
 *   greater than every position answered before for the same subscription (across restarts too), so never reused
 *   within it, and never 0. Positions of different subscriptions may compare any way (a Kafka store's offsets
 *   of different partitions). A record's {@code prev} is the position the store answered for the delivery's
 *   record before (0 for its first).
 *   <li><b>Durability at return.</b> When {@link #append} returns, the record survives a {@code kill -9} of this
 *   process the next instant, and {@link #recover} after a restart shows it.
 *   <li><b>Read-your-writes.</b> Once {@link #append} returned, {@link #latest}, {@link #find}, {@link #list} and
 *   {@link #eachDelivery} on any thread see the record.
 *   <li><b>Thread-safety.</b> Every method may be called from any thread at once; appends are ordered by the
 *   store, and two of one subscription are never shown out of their append order.
 *   <li><b>Failure.</b> An append that fails throws {@link HeraldException} 503 {@code unavailable}: the record
 *   is then not shown by this store while the process lives (a backend that cannot tell, like Kafka after a lost
 *   acknowledgement, may show it after a restart). The caller keeps the delivery open, so a restart sends it
 *   again.
 *   <li><b>Before recovery.</b> Until {@link #recover} finished, reads that need the index throw
 *   {@link HeraldException} 503 ({@link #requireLoaded}) rather than answer from a partial index.
 * </ul>
 */
public interface DeliveryStore extends AutoCloseable {

    /** A record and the position the store answered for it. */
    record Entry(long position, AttemptRecord record) {}

    /** One page of a subscription's deliveries; {@code next} is where the following page starts, or null. */
    record Page(List<DeliveryView> deliveries, Long next) {}

    /**
     * Writes one record and answers its position, once durable (see the class comment).
     *
     * @throws HeraldException 503 unavailable when the store cannot take writes
     */
    long append(AttemptRecord record);

    /**
     * Reads every retained record once, each subscription's in append order, building the index, and shows each
     * to {@code visitor} (the dispatcher's restart merge) on the calling thread. Call once, at start, before any
     * append or read; a visitor's exception stops it and is thrown (the store then stays not loaded).
     *
     * @throws IllegalStateException when a record cannot be read (start-up then refuses, naming the folder)
     */
    void recover(Consumer<Entry> visitor);

    /**
     * Whether {@link #append} waits on another machine (a Kafka round trip: milliseconds, seconds at worst) rather
     * than a local write: a caller on an I/O thread then hands the append to a thread of its own.
     */
    default boolean appendWaitsOnNetwork() {
        return false;
    }

    /** Whether {@link #recover} finished. */
    boolean loaded();

    /** Until the store is read at start, its index is partial: the API says so rather than answer wrongly. */
    default void requireLoaded() {
        if (!loaded()) {
            throw HeraldException.unavailable("Herald is still reading its delivery log after a restart; try again"
                    + " in a few seconds", null);
        }
    }

    /** The newest record of a delivery, or null if the store has none (or retention deleted them). */
    Entry latest(DeliveryId id);

    /** A delivery with all its retained records, oldest first, or null. Requires {@link #loaded()}. */
    DeliveryView find(DeliveryId id);

    /** The delivery whose newest record is {@code last}, with its retained records before it. */
    DeliveryView story(Entry last);

    /**
     * A subscription's deliveries, most recently active first (by their newest record), optionally only those
     * with a status. Requires {@link #loaded()}.
     *
     * @param before 0 for the first page, else an earlier page's {@code next}: the page starts with the
     *               deliveries whose newest record is older than that; one that moved up since is not met again
     */
    Page list(String subscriptionId, DeliveryStatus status, int limit, long before);

    /**
     * Shows the newest record of each of a subscription's deliveries, most recently active first, until
     * {@code visitor} answers false.
     */
    void eachDelivery(String subscriptionId, Predicate<Entry> visitor);

    /**
     * Retention: deletes records older than {@code cutoff} (whole files or segments, so some older ones may stay),
     * and forgets them in the index. Returns how many files or segments went.
     */
    int deleteBefore(Instant cutoff);

    /** Bytes on disk (0 for a store that keeps none on this machine). */
    long sizeBytes();

    @Override
    void close();
}
