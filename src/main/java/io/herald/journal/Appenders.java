package io.herald.journal;

import io.herald.core.HeraldException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.TableStoreWriteLock;
import net.openhft.chronicle.queue.impl.single.WriteLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journal's Chronicle appender: what one append may hold, and the appender, made once and made again after an
 * append that failed.
 */
final class Appenders {
    private static final Logger log = LoggerFactory.getLogger(ChronicleJournal.class);

    private Appenders() {}

    /**
     * Refuses an entry larger than one Chronicle document holds (a quarter of the queue's block size, our 8-byte seq
     * included) before anything is written. Chronicle itself fails such a write half-way: it left an empty entry at
     * the seq, which every reader then met and a reopened journal kept, and the disk guard took the failure for the
     * disk's and refused all writes after it.
     */
    static void checkFits(SingleChronicleQueue queue, int length) {
        long most = queue.blockSize() / 4 - Long.BYTES;
        if (length > most) {
            throw new HeraldException(413, "too_large", "the event is " + length
                    + " bytes as journaled, more than the journal takes in one entry (" + most + ")");
        }
    }

    static ExcerptAppender create(SingleChronicleQueue queue) {
        ExcerptAppender a = queue.createAppender();
        a.singleThreadedCheckDisabled(true); // shared by request threads under the journal's lock
        return a;
    }

    /**
     * After a failed append, a clean appender (or the failed one, closed, when none can be made now: the next
     * append fails on it and tries again). Chronicle (2026.4) catches only unchecked exceptions when it takes its
     * write lock, but throws a checked one it does not declare when it cannot create a cycle file (out of file
     * descriptors: {@code FileNotFoundException ... (Too many open files)}). The lock then stays held and the
     * appender's nesting count stays raised, so every later append failed, and the journal took no writes again
     * until a restart. Releasing the lock and taking a new appender restores it. Call under the journal's lock.
     */
    static ExcerptAppender replace(SingleChronicleQueue queue, ExcerptAppender failed, Throwable failure, Path dir) {
        if (!(failure instanceof RuntimeException) && !(failure instanceof Error)) releaseWriteLock(queue, dir);
        try {
            failed.close();
        } catch (RuntimeException e) {
            log.debug("journal_appender_close_failed dir={} reason=\"{}\"", dir, e.toString());
        }
        try {
            return create(queue);
        } catch (RuntimeException e) {
            log.warn("journal_appender_not_replaced dir={} reason=\"{}\"", dir, e.toString());
            return failed;
        }
    }

    /**
     * The queue's write lock is not public API. This thread took it in the append that failed (the journal's lock
     * serialises all writers), so it may release it as its owner.
     */
    private static void releaseWriteLock(SingleChronicleQueue queue, Path dir) {
        try {
            Method writeLock = SingleChronicleQueue.class.getDeclaredMethod("writeLock");
            writeLock.setAccessible(true);
            WriteLock lock = (WriteLock) writeLock.invoke(queue);
            if (lock.locked()) lock.unlock();
            if (lock instanceof TableStoreWriteLock held && held.locked()) held.forceUnlock();
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.warn("journal_write_lock_not_released dir={} reason=\"{}\"", dir, e.toString());
        }
    }
}
