package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A subscription's resume point: held back by its first open delivery, else how far fan-out got. */
class ResumeTrackerTest {
    @Test
    void with_nothing_open_the_point_is_how_far_fan_out_got() {
        ResumeTracker t = new ResumeTracker(10);
        assertEquals(10, t.point("a"));
        t.fannedOutTo(15);
        assertEquals(15, t.point("a"));
        t.fannedOutTo(12); // never back
        assertEquals(15, t.point("a"));
    }

    @Test
    void the_first_open_delivery_of_a_subscription_holds_its_point_and_no_other_subscriptions() {
        ResumeTracker t = new ResumeTracker(0);
        t.opened("a", 3);
        t.opened("a", 5);
        t.opened("b", 4);
        t.fannedOutTo(9);
        assertEquals(2, t.point("a"));
        assertEquals(3, t.point("b"));
        assertEquals(9, t.point("c"));
        t.closed("a", 5); // a later one finishing first moves nothing
        assertEquals(2, t.point("a"));
        t.closed("a", 3);
        assertEquals(9, t.point("a"));
    }

    @Test
    void two_openings_at_one_seq_need_two_closings() {
        ResumeTracker t = new ResumeTracker(0);
        t.opened("a", 4); // the delivery and a lane held behind from the same event
        t.opened("a", 4);
        t.fannedOutTo(6);
        t.closed("a", 4);
        assertEquals(3, t.point("a"));
        t.closed("a", 4);
        assertEquals(6, t.point("a"));
        t.closed("a", 4); // a closing too many changes nothing
        assertEquals(6, t.point("a"));
    }

    @Test
    void moved_answers_each_point_once_until_it_moves_again() {
        ResumeTracker t = new ResumeTracker(0);
        t.opened("a", 2);
        t.fannedOutTo(5);
        assertEquals(Map.of("a", 1L, "b", 5L), t.moved(List.of("a", "b")));
        assertEquals(Map.of(), t.moved(List.of("a", "b")), "nothing moved");
        t.closed("a", 2);
        assertEquals(Map.of("a", 5L), t.moved(List.of("a", "b")));
        t.fannedOutTo(7);
        assertEquals(Map.of("a", 7L, "b", 7L), t.moved(List.of("a", "b")));
        t.forget("b");
        assertEquals(Map.of("b", 7L), t.moved(List.of("b")), "owned again: reported again");
    }
}
