package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestartAndReloadTest {
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void receiver() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
        receiver.close();
    }

    @Test
    void scheduled_retries_carry_on_after_a_restart_and_succeeded_deliveries_are_not_sent_again() {
        AtomicBoolean down = new AtomicBoolean(false);
        Set<String> flakyOk = ConcurrentHashMap.newKeySet();
        receiver.answer(r -> {
            if (!r.path().equals("/flaky")) return Answer.status(200);
            if (down.get()) return Answer.status(503);
            flakyOk.add(r.header("webhook-id"));
            return Answer.status(200);
        });
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("steady", receiver.url("/steady"), "retry-schedule: [1s, 1s, 1s, 1s, 1s, 1s]")
                + Herald.subscription("flaky", receiver.url("/flaky"), "retry-schedule: [1s, 1s, 1s, 1s, 1s, 1s]"));
        for (int i = 0; i < 10; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(20), "first round", () -> receiver.requestsTo("/steady").size() == 10
                && receiver.requestsTo("/flaky").size() == 10);
        down.set(true);
        for (int i = 0; i < 10; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(20), "second round", () -> receiver.requestsTo("/steady").size() == 20
                && receiver.requestsTo("/flaky").size() >= 20);
        herald.restart();
        down.set(false);
        Poll.until(Duration.ofSeconds(30), "the retries after restart", () -> flakyOk.size() == 20);
        assertEquals(20, receiver.requestsTo("/steady").size(), "nothing that succeeded was sent again");
        assertEquals(20, distinctIds("/flaky"));
    }

    long distinctIds(String path) {
        Set<String> ids = new HashSet<>();
        receiver.requestsTo(path).forEach(r -> ids.add(r.header("webhook-id")));
        return ids.size();
    }

    @Test
    void an_edited_config_adds_a_subscription_within_2_seconds_and_a_broken_edit_keeps_the_old_one() {
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("one", receiver.url("/one"), ""));
        herald.writeConfig("subscriptions:\n" + Herald.subscription("one", receiver.url("/one"), "")
                + Herald.subscription("two", receiver.url("/two"), ""));
        Poll.until(Duration.ofSeconds(2), "the reload", () -> herald.app().config().subscriptions().size() == 2);
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(10), "the new subscription's delivery", () -> receiver.requestsTo("/two").size() == 1);

        herald.writeConfig("subscriptions:\n" + Herald.subscription("one", receiver.url("/one"), "timeout: ten") + "\n");
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(10), "delivery under the old config", () -> receiver.requestsTo("/two").size() == 2);
        assertEquals(2, herald.app().config().subscriptions().size(), "the broken edit was refused");
    }
}
