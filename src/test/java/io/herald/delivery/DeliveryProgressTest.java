package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.cluster.ResumeTracker;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver.Answer;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's per-subscription progress ({@link DeliveryProgress}), as cluster mode's resume points read it: a
 * subscription's point stays below its first delivery that is not final, and no other subscription's does.
 */
class DeliveryProgressTest extends WithReceiver {
    /** The tracker, fed on the scheduler thread and read by the test. */
    static final class Tracked implements DeliveryProgress {
        final ResumeTracker tracker = new ResumeTracker(0);
        int checkpoints;

        @Override
        public synchronized void opened(String subscriptionId, long seq) {
            tracker.opened(subscriptionId, seq);
        }

        @Override
        public synchronized void closed(String subscriptionId, long seq) {
            tracker.closed(subscriptionId, seq);
        }

        @Override
        public synchronized void fannedOutTo(long seq) {
            tracker.fannedOutTo(seq);
        }

        @Override
        public synchronized void checkpoint() {
            checkpoints++;
        }

        synchronized long point(String id) {
            return tracker.point(id);
        }
    }

    @Test
    void a_subscription_whose_delivery_waits_for_a_retry_holds_its_own_point_and_not_the_others() {
        receiver.answer(r -> r.path().equals("/failing") && r.bodyText().contains("\"n\":2")
                ? Answer.status(500) : Answer.status(200));
        Tracked progress = new Tracked();
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("failing", receiver.url("/failing"), "retry-schedule: [1h]")
                + Herald.subscription("fine", receiver.url("/fine"), ""),
                app -> app.dispatcher().progress(progress));
        for (int n = 1; n <= 4; n++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":" + n + "}}");

        Poll.until(DEADLINE, "fine's point at the last event", () -> progress.point("fine") == 4);
        Poll.until(DEADLINE, "every first attempt", () -> receiver.requestsTo("/failing").size() == 4);
        Poll.until(DEADLINE, "failing's point below its event 2 (waiting for a retry in an hour)",
                () -> progress.point("failing") == 1);
        herald.awaitCheckpoint(1);
        Poll.until(DEADLINE, "a checkpoint told", () -> {
            synchronized (progress) {
                return progress.checkpoints > 0;
            }
        });
    }
}
