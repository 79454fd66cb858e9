package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Poll;
import org.junit.jupiter.api.Test;

/**
 * Cluster mode's seam in fan-out: a node makes deliveries only for the subscriptions it owns ({@link Ownership}),
 * and records nothing for the others (their owner does). Locally a node owns everything.
 */
class OwnershipTest extends WithReceiver {
    @Test
    void fan_out_makes_no_delivery_and_no_record_for_a_subscription_this_node_does_not_own() {
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("mine", receiver.url("/mine"), "")
                + Herald.subscription("theirs", receiver.url("/theirs"), ""),
                app -> app.dispatcher().ownership(id -> !id.equals("theirs")));
        for (int i = 0; i < 3; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");

        Poll.until(DEADLINE, "three deliveries to mine", () -> receiver.requestsTo("/mine").size() == 3);
        herald.awaitCheckpoint(3);
        assertEquals(0, receiver.requestsTo("/theirs").size());
        assertEquals(0, herald.http().get("/api/v1/subscriptions/theirs/deliveries").json().get("deliveries").size(),
                "no delivery recorded for a subscription another node owns");
    }

    @Test
    void by_default_a_node_owns_every_subscription() {
        assertTrue(Ownership.EVERYTHING.owns("any"));
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("s1", receiver.url("/s1"), ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(DEADLINE, "the delivery", () -> receiver.requestsTo("/s1").size() == 1);
    }
}
