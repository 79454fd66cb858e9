package io.herald.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;

/** Herald with one subscription, {@code sink}, to a real receiver: for tests that count what was delivered. */
public final class HeraldWithSink implements AutoCloseable {
    public final TestReceiver receiver;
    public final Herald herald;

    private HeraldWithSink(TestReceiver receiver, Herald herald) {
        this.receiver = receiver;
        this.herald = herald;
    }

    public static HeraldWithSink start(Path dir) throws IOException {
        TestReceiver receiver = new TestReceiver();
        return new HeraldWithSink(receiver, Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("sink", receiver.url("/sink"), "")));
    }

    /** Posts {@code events} events and waits until the receiver got as many more requests. */
    public void postAndAwait(int events) {
        int before = receiver.requests().size();
        for (int i = 0; i < events; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "}}");
        Poll.until(Duration.ofSeconds(20), "the deliveries", () -> receiver.requests().size() >= before + events);
    }

    /**
     * Waits until every delivery of events 1 to {@code events} is final (the checkpoint says so), then asserts the
     * receiver got each of them exactly once.
     */
    public void assertEachEventArrivedOnce(long events) {
        herald.awaitCheckpoint(events);
        Set<String> ids = new HashSet<>();
        receiver.requests().forEach(r -> ids.add(r.header("webhook-id")));
        assertEquals(events, ids.size(), "every event delivered");
        assertEquals(events, receiver.requests().size(), "nothing delivered twice");
    }

    @Override
    public void close() {
        herald.close();
        receiver.close();
    }
}
