package io.herald.journal;

import java.util.function.BooleanSupplier;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.MappedBytesStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Maps the journal's next pages before an append needs them. Chronicle writes each entry into a memory-mapped
 * file, and the first write to each 4 KB page waits for the kernel to map it: a page fault took 20-35 µs on the
 * bench machine, where the rest of an append takes 1-2 µs. With single events of ~240 bytes, one post in ~17
 * waited that long on its way to its streams (P5 spread: an append's p95 was 19-33 µs, its p90 3 µs).
 * {@link ChronicleJournal#touchAhead} moves that wait to after the post's frames were written.
 *
 * <p>A touch is an atomic compare-and-set of a zero int to zero at a page's start, through the appender's own
 * mapping: touching through a mapping of our own filled the page cache but left the appender's page table empty,
 * and its appends still faulted for ~20 µs. The touch changes nothing. Past the written end the file holds zeros
 * until the appender writes there, and a compare-and-set that finds anything else writes nothing; a reader that
 * looks there sees the zero it saw before, "no entry yet". Only pages inside the chunk the appender has mapped are
 * touched, so a touch never makes Chronicle map another chunk.
 *
 * <p>Used only under the journal's lock, like the appender: the chunk cannot be let go while a touch runs.
 * {@link ChronicleJournal#touchAhead} takes the lock only when it is free, and gives it up between pages when an
 * append waits for it: a touch is a hint, and never delays a post more than one page's fault.
 */
final class AheadPages {
    private static final Logger log = LoggerFactory.getLogger(AheadPages.class);
    static final int PAGE = 4096;
    /** How many pages past the written end are kept mapped: more than one entry's worth, few enough to be quick. */
    static final int AHEAD = 2;

    /** The appender's chunk as of the last append that succeeded; null: nothing to touch. */
    private MappedBytesStore chunk;
    /** The end of what the last append wrote, an offset in the file. */
    private long end;
    /** Pages below this offset in {@link #chunk} were touched. */
    private long touchedTo;

    /** After an append that succeeded: where it ended, in which chunk. Call inside the append's document. */
    void wrote(Bytes<?> out) {
        end = out.writePosition();
        MappedBytesStore now = out.bytesStore() instanceof MappedBytesStore m ? m : null;
        if (now != chunk) touchedTo = 0; // another chunk or another cycle's file: offsets start again
        chunk = now;
    }

    /** After an append failed or the appender was closed: its chunk may be let go, so it is never touched again. */
    void forget() {
        chunk = null;
    }

    /**
     * Touches the pages from the written end up to {@link #AHEAD} past it, those not touched yet, one by one, and
     * stops early once {@code giveWay} says an append waits: each page can take a fault's time.
     */
    void touch(BooleanSupplier giveWay) {
        if (chunk == null) return;
        long from = Math.max(touchedTo, roundUp(end));
        long to = Math.min(roundUp(end) + (long) AHEAD * PAGE, chunk.safeLimit() & -PAGE);
        try {
            for (long page = from; page < to; page += PAGE) {
                chunk.compareAndSwapInt(page, 0, 0);
                touchedTo = page + PAGE;
                if (giveWay.getAsBoolean()) return;
            }
        } catch (RuntimeException | InternalError e) { // released under us, or the disk refused the page (SIGBUS)
            log.debug("journal_touch_failed reason=\"{}\"", e.toString());
            chunk = null;
        }
    }

    /** For tests: the offset below which pages of the current chunk were touched, 0 when none. */
    long touchedTo() {
        return chunk == null ? 0 : touchedTo;
    }

    private static long roundUp(long offset) {
        return (offset + PAGE - 1) & -PAGE;
    }
}
