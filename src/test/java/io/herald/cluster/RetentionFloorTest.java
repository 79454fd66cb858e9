package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The seq from which a node's local journal must be kept so that any node can take any subscription over. */
class RetentionFloorTest {
    @Test
    void every_subscription_is_resumed_after_its_point_so_the_lowest_point_plus_one_is_kept() {
        Map<String, Long> points = Map.of("billing", 40L, "search-index", 12L, "emails", 90L);
        assertEquals(13, RetentionFloor.keepFrom(points, List.of("billing", "search-index", "emails")));
        assertEquals(41, RetentionFloor.keepFrom(points, List.of("billing", "emails")));
        assertEquals(1, RetentionFloor.keepFrom(Map.of("new", 0L), List.of("new")), "nothing fanned out yet");
    }

    @Test
    void a_subscription_with_no_point_yet_keeps_everything() {
        assertEquals(RetentionFloor.EVERYTHING,
                RetentionFloor.keepFrom(Map.of("billing", 40L), List.of("billing", "made-a-moment-ago")));
    }

    @Test
    void the_point_of_a_deleted_subscription_holds_nothing_back() {
        assertEquals(41, RetentionFloor.keepFrom(Map.of("billing", 40L, "deleted", 3L), List.of("billing")));
    }

    @Test
    void with_no_subscription_delivery_needs_nothing() {
        assertEquals(Long.MAX_VALUE, RetentionFloor.keepFrom(Map.of("deleted", 3L), List.of()));
    }

    @Test
    void points_never_read_keep_everything() {
        assertEquals(RetentionFloor.EVERYTHING, RetentionFloor.keepFrom(null, List.of("billing")));
        assertEquals(RetentionFloor.EVERYTHING, RetentionFloor.keepFrom(null, List.of()));
    }
}
