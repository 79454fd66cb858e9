package io.herald.journal;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;

/** Chronicle names each cycle's file by formatting the cycle's start time (UTC) with the roll cycle's pattern. */
final class CycleFiles {
    private CycleFiles() {}

    static String name(RollCycle rollCycle, int cycle) {
        DateTimeFormatter fmt = DateTimeFormatter.ofPattern(rollCycle.format()).withZone(ZoneOffset.UTC);
        return fmt.format(Instant.ofEpochMilli((long) cycle * rollCycle.lengthInMillis()))
                + SingleChronicleQueue.SUFFIX;
    }
}
