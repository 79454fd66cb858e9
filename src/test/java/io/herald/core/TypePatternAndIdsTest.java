package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.delivery.DeliveryId;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TypePatternAndIdsTest {
    @Test
    void a_star_matches_one_or_more_whole_segments() {
        TypePattern p = TypePattern.of("render.*");
        assertTrue(p.matches("render.completed"));
        assertTrue(p.matches("render.job.completed"));
        assertFalse(p.matches("render"));
        assertFalse(p.matches("rendering.completed"));
        assertTrue(TypePattern.of("*.ready").matches("file.ready"));
        assertTrue(TypePattern.of("a.*.c").matches("a.b.b.c"));
        assertFalse(TypePattern.of("a.*.c").matches("a.c"));
        assertTrue(TypePattern.of("file.ready").matches("file.ready"));
    }

    @Test
    void herald_types_match_only_patterns_that_name_herald() {
        assertFalse(TypePattern.of("*").matches("herald.delivery.failed"));
        assertTrue(TypePattern.of("herald.*").matches("herald.delivery.failed"));
        assertTrue(TypePattern.of("herald.delivery.failed").matches("herald.delivery.failed"));
        assertTrue(TypePattern.of("*").matches("webhook.test"));
    }

    @Test
    void bad_patterns_are_refused() {
        assertFalse(TypePattern.isValid("a..b"));
        assertFalse(TypePattern.isValid("a.b*"));
        assertFalse(TypePattern.isValid(""));
        assertThrows(IllegalArgumentException.class, () -> TypePattern.of("x y"));
    }

    @Test
    void made_event_ids_carry_their_seq_and_others_do_not() {
        Random r = new Random(1);
        for (long seq : new long[] {1, 61, 62, 123_456_789, Long.MAX_VALUE}) {
            String id = EventIds.make(seq, r);
            assertTrue(id.startsWith("evt_"));
            assertEquals(seq, EventIds.seqOf(id).getAsLong());
        }
        assertTrue(EventIds.seqOf("job-42").isEmpty());
        assertTrue(EventIds.seqOf("evt_short").isEmpty());
    }

    @Test
    void delivery_ids_round_trip_including_underscores_in_subscription_ids() {
        DeliveryId id = new DeliveryId(17, "billing_eu-1");
        assertEquals("dlv_17_billing_eu-1", id.toString());
        assertEquals(id, DeliveryId.parse("dlv_17_billing_eu-1"));
        assertNull(DeliveryId.parse("dlv_x_y"));
        assertNull(DeliveryId.parse("dlv_17_"));
        assertNull(DeliveryId.parse("evt_1"));
    }
}
