package io.herald.journal;

import java.nio.file.Path;
import java.time.Clock;
import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** The journal's Chronicle queue, opened with a time that never goes back. */
final class Queues {
    private Queues() {}

    /**
     * Chronicle picks the cycle (the day's file) an append goes to by its time provider, and refuses to write into a
     * cycle it has closed (WriteAfterEOF). A wall clock stepped back across midnight after the queue had rolled to
     * the new day, or behind the last day on disk at a restart, made every append fail (503) until the clock passed
     * that midnight again. So the time starts at the last cycle on disk and never goes back from there.
     */
    static SingleChronicleQueue open(Path dir, RollCycle rollCycle, Clock clock) {
        ForwardMillis time = new ForwardMillis(clock);
        SingleChronicleQueue queue = SingleChronicleQueueBuilder.binary(dir.toFile())
                .rollCycle(rollCycle)
                .timeProvider(time)
                .build();
        int lastOnDisk = queue.lastCycle(); // Integer.MIN_VALUE when there is none
        if (lastOnDisk != Integer.MIN_VALUE) time.notBefore((long) lastOnDisk * rollCycle.lengthInMillis());
        return queue;
    }
}
