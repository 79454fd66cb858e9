package io.herald.journal;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.WeakHashMap;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.ExcerptTailer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the index holders Chronicle makes for each thread reachable for as long as the thread lives, so that a
 * chunk of the journal's file is unmapped once every reader and the appender have moved past it.
 *
 * <p>Why: a cycle file's indexing ({@code SCQIndexing}) gives each thread a holder for the index arrays it
 * reads and writes, and keeps it in a thread-local through a {@code WeakReference}, while the array reference
 * inside it, which reserves the chunk (80 MB) the array lies in, sits in a list that is closed only with the
 * file. A garbage collection clears the holder; the thread's next index write makes a new one, and the old one's
 * reservation stays. Every chunk that ever held an index array while a collection ran stayed mapped until the
 * day's file closed, its pages counted in the process's RSS ({@code RssFile}): after 50 s of P2's batches 3 to
 * 19 chunks, 122-1,627 MB, and a chunk more for every million events or so in a day of steady posting. With the
 * holders kept here, a thread keeps one holder per file as Chronicle meant, and one reservation.
 *
 * <p>Chronicle's fields are read by reflection: when a version lays them out differently, this logs once and
 * does nothing, and the journal works as before.
 */
final class IndexHolders {
    private static final Logger log = LoggerFactory.getLogger(IndexHolders.class);
    private static final Fields FIELDS = Fields.find();
    /**
     * This thread's holders, by the indexing they belong to: an appender and a tailer used on one thread can each
     * have their own (a store each for the same file). Weak keys: a closed file's indexing goes with its holders.
     */
    private static final ThreadLocal<Map<Object, Kept>> KEPT = ThreadLocal.withInitial(WeakHashMap::new);

    private IndexHolders() {}

    /** After an append, on the appending thread. */
    static void keep(ExcerptAppender appender) {
        if (FIELDS != null) keep(FIELDS.appenderStore, appender);
    }

    /** After a tailer moved (to an index, or to the start or end), on the thread that moved it. */
    static void keep(ExcerptTailer tailer) {
        if (FIELDS != null) keep(FIELDS.tailerStore, tailer);
    }

    /** Whether the holders can be kept with this Chronicle version (for tests). */
    static boolean available() {
        return FIELDS != null;
    }

    private static void keep(Field storeField, Object excerpt) {
        try {
            Object store = storeField.get(excerpt);
            if (store == null) return;
            Object indexing = FIELDS.indexing.get(store);
            Kept k = KEPT.get().computeIfAbsent(indexing, i -> new Kept());
            if (k.index2index == null) k.index2index = holder(FIELDS.index2indexArray, indexing);
            if (k.index == null) k.index = holder(FIELDS.indexArray, indexing);
        } catch (IllegalAccessException | RuntimeException e) {
            // never fails an append or a read: at worst a chunk stays mapped
        }
    }

    /** This thread's holder, or null when it has none yet (it has not needed that array). */
    private static Object holder(Field threadLocal, Object indexing) throws IllegalAccessException {
        ThreadLocal<?> tl = (ThreadLocal<?>) threadLocal.get(indexing);
        return tl.get() instanceof WeakReference<?> w ? w.get() : null;
    }

    /** This thread's holders of one cycle file's indexing. */
    private static final class Kept {
        Object index2index;
        Object index;
    }

    private record Fields(Field appenderStore, Field tailerStore, Field indexing, Field index2indexArray,
                          Field indexArray) {
        static Fields find() {
            String pkg = "net.openhft.chronicle.queue.impl.single.";
            try {
                return new Fields(open(pkg + "StoreAppender", "store"), open(pkg + "StoreTailer", "store"),
                        open(pkg + "SingleChronicleQueueStore", "indexing"), open(pkg + "SCQIndexing",
                        "index2indexArray"), open(pkg + "SCQIndexing", "indexArray"));
            } catch (ReflectiveOperationException | RuntimeException e) {
                log.warn("journal_index_holders_unavailable reason=\"{}\" (chunks of the journal's file may stay"
                        + " mapped until its day ends)", e.toString());
                return null;
            }
        }

        private static Field open(String type, String name) throws ReflectiveOperationException {
            Field f = Class.forName(type).getDeclaredField(name);
            f.setAccessible(true);
            return f;
        }
    }
}
