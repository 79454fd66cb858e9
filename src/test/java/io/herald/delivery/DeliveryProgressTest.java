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

        @Override
        public synchronized void released(java.util.function.Predicate<String> lost) {
            for (String id : java.util.List.of("leaving", "staying")) {
                if (lost.test(id)) releasedPoints.put(id, tracker.point(id));
            }
        }

        final java.util.Map<String, Long> releasedPoints = new java.util.HashMap<>();

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

    @Test
    void a_released_subscription_drops_its_waiting_retry_lets_its_attempt_in_flight_finish_and_is_told_its_point_below_both()
            throws Exception {
        receiver.answer(r -> r.bodyText().contains("\"n\":1") && r.path().equals("/leaving") ? Answer.status(500)
                : r.bodyText().contains("\"n\":2") && r.path().equals("/leaving")
                ? Answer.status(200).after(java.time.Duration.ofMillis(1200)) : Answer.status(200));
        Tracked progress = new Tracked();
        java.util.Set<String> owned = java.util.concurrent.ConcurrentHashMap.newKeySet();
        owned.addAll(java.util.List.of("leaving", "staying"));
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("leaving", receiver.url("/leaving"), "retry-schedule: [1h]")
                + Herald.subscription("staying", receiver.url("/staying"), ""),
                app -> {
                    app.dispatcher().ownership(owned::contains);
                    app.dispatcher().progress(progress);
                });
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":1}}");
        Poll.until(DEADLINE, "event 1 failed once at /leaving", () -> receiver.requestsTo("/leaving").size() == 1);
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":2}}");
        Poll.until(DEADLINE, "event 2's attempt at /leaving in flight", () -> receiver.requestsTo("/leaving").size() == 2);

        Dispatcher d = herald.app().dispatcher();
        var done = d.handover().lost(() -> owned.remove("leaving"), "leaving"::equals);
        done.get(DEADLINE.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        synchronized (progress) {
            assertEquals(java.util.Map.of("leaving", 0L), progress.releasedPoints,
                    "told once, with its point below event 1, whose retry it dropped unfinished");
        }
        assertEquals("succeeded", herald.http().get("/api/v1/deliveries/dlv_2_leaving").json().path("status").asText(),
                "the attempt in flight finished and was recorded before the release was done");

        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":3}}");
        Poll.until(DEADLINE, "staying still gets every event", () -> receiver.requestsTo("/staying").size() == 3);
        d.expedite(new DeliveryId(1, "leaving"));
        long r0 = d.rounds();
        Poll.until(DEADLINE, "two more scheduler rounds", () -> d.rounds() >= r0 + 2);
        assertEquals(2, receiver.requestsTo("/leaving").size(), "no retry of event 1, nothing of event 3");
        Poll.until(DEADLINE, "nothing pending here", () -> d.pending() == 0);
    }
}
