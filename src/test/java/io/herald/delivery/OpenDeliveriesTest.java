package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class OpenDeliveriesTest {
    @Test
    void the_checkpoint_is_how_far_fan_out_got_until_an_open_delivery_or_a_lane_behind_holds_it_back() {
        OpenDeliveries open = new OpenDeliveries(10);
        assertEquals(10, open.safeSeq());
        open.open(12);
        open.open(12);
        open.fannedOutTo(15);
        assertEquals(11, open.safeSeq());
        open.close(12);
        assertEquals(11, open.safeSeq(), "one of event 12's two deliveries is still open");
        open.close(12);
        assertEquals(15, open.safeSeq());
        open.hold(13);
        assertEquals(12, open.safeSeq(), "a lane behind from 13 has not got its delivery of 13 yet");
        open.hold(14); // its cursor moved on: the new hold comes before the old one is released
        open.release(13);
        assertEquals(13, open.safeSeq());
        open.release(14);
        assertEquals(15, open.safeSeq());
    }

    @Test
    void lane_bounds_refuse_a_full_lane_and_only_that_one() {
        LaneBounds b = new LaneBounds(2);
        assertTrue(b.tryReserve("slow"));
        assertTrue(b.tryReserve("slow"));
        assertFalse(b.tryReserve("slow"));
        assertTrue(b.tryReserve("fast"), "another lane is not held by the full one");
        assertFalse(b.roomy("slow"));
        b.free("slow");
        assertTrue(b.roomy("slow"));
    }
}
