package io.herald.ingest;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.RecentEvents;
import io.herald.core.ResourceRef;
import io.herald.core.Signal;
import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import io.herald.journal.Journal;
import io.herald.testing.SettableClock;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest wakes delivery's fan-out ({@code appended}) only for events some subscription may want: an event only
 * streams watch is journaled and streamed, and fan-out finds it at its next round. Real journal.
 */
class DeliveryWakeTest {
    @TempDir Path dir;
    Journal journal;
    final Signal appended = new Signal();
    Ingest ingest;

    @BeforeEach
    void start() {
        SettableClock clock = new SettableClock(Instant.parse("2026-11-30T06:00:00Z"));
        journal = new ChronicleJournal(dir.resolve("events"), RollCycles.FAST_DAILY, clock, new DiskGuard(0));
        ingest = new Ingest(journal, clock, appended, new RecentEvents(), dir.resolve("ingest.snapshot"), n -> {});
        ingest.recover();
        ingest.wakeDeliveryFor(e -> e.type().startsWith("order."));
    }

    @AfterEach
    void stop() {
        journal.close();
    }

    static NewEvent event(String type) {
        return new NewEvent(type, IngestReplicaTest.data("{\"n\":1}"), new ResourceRef("job", "j1"), null);
    }

    @Test
    void an_event_no_subscription_may_want_is_journaled_without_waking_delivery() {
        long before = appended.version();
        ingest.post(event("job.progress"), null);
        ingest.postAll(List.of(event("job.progress"), event("job.progress")), null);
        assertEquals(3, journal.lastSeq(), "journaled all the same");
        assertEquals(before, appended.version(), "fan-out was not woken");
    }

    @Test
    void an_event_a_subscription_may_want_wakes_delivery_alone_or_in_a_batch() {
        long before = appended.version();
        ingest.post(event("order.created"), null);
        assertTrue(appended.version() > before, "woken for a wanted event");
        long after = appended.version();
        ingest.postAll(List.of(event("job.progress"), event("order.paid"), event("job.progress")), null);
        assertTrue(appended.version() > after, "woken for a batch holding one");
    }

    @Test
    void unwanted_events_still_wake_delivery_every_so_many_so_it_finds_them_decoded() {
        long before = appended.version();
        List<NewEvent> batch = new java.util.ArrayList<>();
        for (int i = 0; i < DeliveryWake.WAKE_EVERY - 1; i++) batch.add(event("job.progress"));
        ingest.postAll(batch, null);
        assertEquals(before, appended.version(), "not yet");
        ingest.post(event("job.progress"), null);
        assertTrue(appended.version() > before, "woken at the WAKE_EVERYth");
    }
}
