package io.herald.journal;

import java.io.File;
import java.nio.file.Path;
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

    /** The cycle's file in {@code dir}, or null when there is none. */
    static File file(Path dir, RollCycle rollCycle, int cycle) {
        File f = dir.resolve(name(rollCycle, cycle)).toFile();
        return f.isFile() ? f : null;
    }
}
