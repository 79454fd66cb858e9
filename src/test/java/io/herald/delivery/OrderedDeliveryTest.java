package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** {@code ordered: true} (CONTRACT 4.4) with the in-process app and a real receiver. */
class OrderedDeliveryTest extends WithReceiver {

    static int n(TestReceiver.Request r) {
        try {
            return Json.MAPPER.readTree(r.body()).get("data").get("n").asInt();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    List<Integer> arrived(String path, int count) {
        Poll.until(DEADLINE, count + " requests to " + path, () -> receiver.requestsTo(path).size() >= count);
        return receiver.requestsTo(path).stream().map(OrderedDeliveryTest::n).toList();
    }

    void post(int from, int to) {
        for (int i = from; i <= to; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":" + i + "}}");
    }

    @Test
    void an_ordered_subscription_gets_one_delivery_at_a_time_in_seq_order_and_delays_no_other() {
        receiver.answer(r -> r.path().equals("/ord") ? Answer.status(200).after(Duration.ofMillis(40)) : Answer.status(200));
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("ord", receiver.url("/ord"), "ordered: true")
                + Herald.subscription("fast", receiver.url("/fast"), ""));
        post(1, 20);
        List<Integer> ord = arrived("/ord", 20);
        assertEquals(IntStream.rangeClosed(1, 20).boxed().toList(), ord);
        List<TestReceiver.Request> got = receiver.requestsTo("/ord");
        for (int i = 1; i < got.size(); i++) {
            long gapMs = (got.get(i).receivedAtNanos() - got.get(i - 1).receivedAtNanos()) / 1_000_000;
            assertTrue(gapMs >= 35, "delivery " + (i + 1) + " was sent " + gapMs + " ms after the one before, which"
                    + " took 40 ms to answer: two were in flight at once");
        }
        List<TestReceiver.Request> fast = receiver.requestsTo("/fast");
        assertEquals(20, fast.size());
        assertTrue(fast.get(19).receivedAtNanos() < got.get(19).receivedAtNanos(),
                "the other subscription did not wait for the ordered one");
    }

    @Test
    void a_failed_attempt_holds_the_ones_behind_it_until_its_retry_succeeds() {
        AtomicBoolean failedOnce = new AtomicBoolean();
        receiver.answer(r -> n(r) == 2 && failedOnce.compareAndSet(false, true) ? Answer.status(500) : Answer.status(200));
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("ord", receiver.url("/ord"), "ordered: true"));
        post(1, 5);
        assertEquals(List.of(1, 2, 2, 3, 4, 5), arrived("/ord", 6));
    }

    @Test
    void deliveries_skipped_while_disabled_are_replayed_in_seq_order() {
        herald = Herald.start(dir, "");
        JsonNode created = herald.http().post("/api/v1/subscriptions", "{\"id\":\"ord\",\"url\":\"" + receiver.url("/ord")
                + "\",\"ordered\":true}").json();
        assertTrue(created.get("ordered").asBoolean(), created.toString());
        assertTrue(herald.http().get("/api/v1/subscriptions/ord").json().get("ordered").asBoolean());
        Instant since = Instant.now().minusSeconds(60);
        herald.http().post("/api/v1/subscriptions/ord/disable", "{}");
        post(1, 6);
        Poll.until(DEADLINE, "six skipped deliveries", () -> herald.http()
                .get("/api/v1/subscriptions/ord/deliveries?status=skipped").json().get("deliveries").size() == 6);
        assertEquals(0, receiver.requestsTo("/ord").size());
        herald.http().post("/api/v1/subscriptions/ord/enable", "{}");
        JsonNode queued = herald.http().post("/api/v1/subscriptions/ord/replay", "{\"since\":\"" + since + "\"}").json();
        assertEquals(6, queued.get("queued").asInt());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), arrived("/ord", 6));
    }
}
