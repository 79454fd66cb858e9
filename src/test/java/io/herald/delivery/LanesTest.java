package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LanesTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    static Delivery d(long seq, String sub, Instant due) {
        return new Delivery(new DeliveryId(seq, sub), "evt" + seq, true, 0, 0, due, 0);
    }

    @Test
    void a_subscription_never_holds_more_than_its_cap_and_others_still_get_workers() {
        Lanes lanes = new Lanes();
        for (int i = 1; i <= 10; i++) lanes.add(d(i, "slow", NOW), NOW);
        lanes.add(d(11, "fast", NOW), NOW);
        List<Delivery> first = lanes.takeStartable(4, 2, NOW);
        assertEquals(3, first.size());
        assertEquals(2, first.stream().filter(x -> x.subscriptionId().equals("slow")).count());
        assertEquals(1, first.stream().filter(x -> x.subscriptionId().equals("fast")).count());
        assertTrue(lanes.takeStartable(4, 2, NOW).isEmpty(), "slow is at its cap, fast has nothing");
        lanes.add(d(12, "fast", NOW), NOW);
        assertEquals(12, lanes.takeStartable(4, 2, NOW).get(0).id.seq());
    }

    @Test
    void retries_wait_until_due() {
        Lanes lanes = new Lanes();
        lanes.add(d(1, "s", NOW.plusSeconds(5)), NOW);
        assertTrue(lanes.takeStartable(8, 8, NOW).isEmpty());
        assertEquals(NOW.plusSeconds(5), lanes.nextDue(NOW));
        lanes.promoteDue(NOW.plus(Duration.ofSeconds(5)));
        assertEquals(1, lanes.takeStartable(8, 8, NOW).size());
        assertNull(lanes.nextDue(NOW.plusSeconds(5)));
    }

    @Test
    void finishing_frees_the_worker_and_the_lane() {
        Lanes lanes = new Lanes();
        lanes.add(d(1, "s", NOW), NOW);
        lanes.add(d(2, "s", NOW), NOW);
        Delivery one = lanes.takeStartable(1, 1, NOW).get(0);
        assertTrue(lanes.takeStartable(1, 1, NOW).isEmpty());
        lanes.finished(one);
        assertEquals(2, lanes.takeStartable(1, 1, NOW).get(0).id.seq());
        assertEquals(1, lanes.inFlight());
    }

    @Test
    void an_ordered_lane_starts_one_at_a_time_in_seq_order_whatever_order_they_came_in() {
        Lanes lanes = new Lanes(id -> id.equals("ord"));
        lanes.add(d(3, "ord", NOW), NOW);
        lanes.add(d(1, "ord", NOW), NOW);
        lanes.add(d(2, "ord", NOW), NOW);
        lanes.add(d(4, "other", NOW), NOW);
        List<Delivery> first = lanes.takeStartable(8, 8, NOW);
        assertEquals(List.of(1L, 4L), first.stream().map(x -> x.id.seq()).toList());
        assertTrue(lanes.takeStartable(8, 8, NOW).isEmpty(), "the next waits until the first is done");
        lanes.finished(first.get(0));
        assertEquals(2, lanes.takeStartable(8, 8, NOW).get(0).id.seq());
        assertEquals(2, lanes.queued() + lanes.inFlight() - 1, "3 queued, 2 and 4 in flight");
    }

    @Test
    void a_retry_in_an_ordered_lane_holds_the_ones_behind_it_until_its_time() {
        Lanes lanes = new Lanes(id -> true);
        lanes.add(d(1, "ord", NOW), NOW);
        lanes.add(d(2, "ord", NOW), NOW);
        Delivery one = lanes.takeStartable(8, 8, NOW).get(0);
        lanes.finished(one);
        one.dueAt = NOW.plusSeconds(10);
        lanes.add(one, NOW); // failed, to be retried in 10 s
        assertTrue(lanes.takeStartable(8, 8, NOW.plusSeconds(9)).isEmpty(), "2 is due, but 1 holds the line");
        assertEquals(NOW.plusSeconds(10), lanes.nextDue(NOW.plusSeconds(9)));
        assertTrue(lanes.expedite(one.id, NOW.plusSeconds(9)));
        assertEquals(1, lanes.takeStartable(8, 8, NOW.plusSeconds(9)).get(0).id.seq());
    }

    @Test
    void an_ordered_head_that_is_due_but_has_no_worker_is_not_a_time_to_wake_for() {
        Lanes lanes = new Lanes(id -> id.equals("ord"));
        lanes.add(d(1, "other", NOW), NOW);
        assertEquals(1, lanes.takeStartable(1, 1, NOW).size());
        lanes.add(d(2, "ord", NOW), NOW);
        assertTrue(lanes.takeStartable(1, 1, NOW).isEmpty(), "the one worker is busy");
        assertNull(lanes.nextDue(NOW), "the finished attempt wakes the scheduler; a due time now would spin it");
    }
}
