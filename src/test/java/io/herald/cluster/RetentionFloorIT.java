package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import io.herald.testing.KafkaBroker;
import io.herald.testing.LogCapture;
import io.herald.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a node's local retention keeps for the other nodes' subscriptions, on a real broker: the points the owners
 * wrote through {@link ResumePoints}, read whole by {@link RetentionFloor}, whose minimum + 1 a new owner of any
 * subscription would resume from.
 */
class RetentionFloorIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    static final long EVERYTHING = RetentionFloor.EVERYTHING;

    @Test
    void the_floor_is_the_lowest_point_the_owners_wrote_plus_one_over_the_subscriptions_that_exist() {
        KafkaConfig k = ResumePointsIT.topics(kafka, "floor");
        List<String> subscriptions = new CopyOnWriteArrayList<>(List.of("billing", "search-index", "emails"));
        try (ResumePoints nodeA = new ResumePoints(k, "node-a", 1 << 20);
             ResumePoints nodeB = new ResumePoints(k, "node-b", 1 << 20);
             RetentionFloor floor = new RetentionFloor(k, "node-c", 1 << 20, () -> subscriptions)) {
            assertEquals(EVERYTHING, floor.keepFromSeq(), "nothing read yet: nothing may go");
            nodeA.advance(Map.of("billing", 40L, "search-index", 12L));
            nodeA.flush();
            assertTrue(floor.refresh());
            assertEquals(EVERYTHING, floor.keepFromSeq(), "emails has no point yet: its next owner resumes from seq 1");

            nodeB.advance(Map.of("emails", 90L));
            nodeB.flush();
            assertTrue(floor.refresh());
            assertEquals(13, floor.keepFromSeq(), "search-index, on node-a, is resumed from 13");

            nodeA.advance(Map.of("search-index", 55L));
            nodeA.flush();
            assertTrue(floor.refresh());
            assertEquals(41, floor.keepFromSeq(), "billing is now the lowest; the older record of search-index is not");

            subscriptions.remove("billing");
            assertEquals(56, floor.keepFromSeq(), "a deleted subscription holds nothing back, at once, from memory");

            nodeA.remove("search-index");
            nodeA.flush(); // the tombstone goes with the next flush
            assertTrue(floor.refresh());
            assertEquals(EVERYTHING, floor.keepFromSeq(), "a tombstoned point of a subscription that exists: from seq 1");
        }
    }

    @Test
    void its_own_thread_reads_the_points_written_meanwhile() {
        KafkaConfig k = ResumePointsIT.topics(kafka, "floor-thread");
        try (ResumePoints owner = new ResumePoints(k, "node-a", 1 << 20);
             RetentionFloor floor = new RetentionFloor(k, "node-c", 1 << 20, () -> List.of("s1", "s2")).start()) {
            owner.advance(Map.of("s1", 7L, "s2", 3L));
            owner.flush();
            Poll.until(DEADLINE, "the floor's thread to read the points", () -> floor.keepFromSeq() == 4);
        }
    }

    @Test
    void a_read_that_fails_keeps_everything_logged_once_until_a_read_succeeds() {
        KafkaConfig k = ResumePointsIT.topics(kafka, "floor-outage");
        try (ResumePoints owner = new ResumePoints(k, "node-a", 1 << 20);
             RetentionFloor floor = new RetentionFloor(k, "node-c", 1 << 20, () -> List.of("s1"))) {
            owner.advance(Map.of("s1", 20L));
            owner.flush();
            assertTrue(floor.refresh());
            assertEquals(21, floor.keepFromSeq());
            try (LogCapture log = new LogCapture()) {
                kafka.stop();
                try {
                    assertFalse(floor.refresh());
                    assertEquals(EVERYTHING, floor.keepFromSeq(), "never delete on a guess");
                    assertFalse(floor.refresh());
                    assertEquals(1, log.linesWith("retention_floor_unread").size(), log.text());
                } finally {
                    kafka.start();
                }
                Poll.until(DEADLINE, "a read to succeed again", floor::refresh);
                assertEquals(21, floor.keepFromSeq());
            }
        }
    }
}
