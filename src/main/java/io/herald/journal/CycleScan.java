package io.herald.journal;

import java.util.NavigableMap;
import java.util.TreeMap;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.TailerDirection;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * What a journal's files hold, read when it opens: the first seq of each cycle, the newest real entry, and the
 * highest seq written (a filler's included).
 */
record CycleScan(NavigableMap<Long, Integer> cycleStarts, long lastSeq, long written) {

    static CycleScan of(SingleChronicleQueue queue, RollCycle rollCycle) {
        NavigableMap<Long, Integer> starts = new TreeMap<>();
        try (ExcerptTailer tailer = queue.createTailer()) {
            tailer.singleThreadedCheckDisabled(true);
            if (queue.firstCycle() > queue.lastCycle()) return new CycleScan(starts, 0, 0); // empty queue
            for (long cycle : queue.listCyclesBetween(queue.firstCycle(), queue.lastCycle())) {
                if (tailer.moveToIndex(rollCycle.toIndex((int) cycle, 0))) {
                    long first = Math.abs(readSeq(tailer)); // a cycle may open with a filler
                    if (first > 0) starts.put(first, (int) cycle);
                }
            }
            tailer.direction(TailerDirection.BACKWARD).toEnd();
            // fillers precede an entry, but a crash may come between: lastSeq is the newest real entry
            long last = readSeq(tailer);
            long written = Math.abs(last);
            while (last < 0) last = readSeq(tailer);
            return new CycleScan(starts, last, written);
        }
    }

    /** The seq of the tailer's next document (negative for a filler), or 0 when there is none. */
    static long readSeq(ExcerptTailer tailer) {
        try (DocumentContext dc = tailer.readingDocument()) {
            return dc.isPresent() ? dc.wire().bytes().readLong() : 0;
        }
    }
}
