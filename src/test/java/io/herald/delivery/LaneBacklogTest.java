package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * A lane that cannot keep up fills its bound (here 5 instead of 50,000) and falls behind a cursor of its own: the
 * other lanes and fan-out go on, and the lane is served from the journal again once it has room, each event once,
 * in order for an ordered subscription, and the checkpoint waits for it.
 */
class LaneBacklogTest extends WithReceiver {
    static final int EVENTS = 60;

    @Test
    void a_full_lane_falls_behind_its_own_cursor_without_holding_the_others_and_catches_up_each_event_once() {
        receiver.answer(r -> r.path().equals("/slow") ? Answer.status(200).after(Duration.ofMillis(30)) : Answer.status(200));
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("slow", receiver.url("/slow"), "ordered: true")
                + Herald.subscription("fast", receiver.url("/fast"), ""),
                app -> app.dispatcher().laneBound(5));
        for (int i = 1; i <= EVENTS; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":" + i + "}}");

        Poll.until(DEADLINE, "every event at the fast subscription", () -> receiver.requestsTo("/fast").size() == EVENTS);
        assertTrue(receiver.requestsTo("/slow").size() < EVENTS, "the fast lane did not wait for the slow one: slow had "
                + receiver.requestsTo("/slow").size());
        Poll.until(DEADLINE, "every event at the slow subscription", () -> receiver.requestsTo("/slow").size() >= EVENTS);
        herald.awaitCheckpoint(EVENTS);
        List<Integer> slow = receiver.requestsTo("/slow").stream().map(OrderedDeliveryTest::n).toList();
        assertEquals(IntStream.rangeClosed(1, EVENTS).boxed().toList(), slow, "each once, in seq order");
    }
}
