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

    static final String MINE = """
            formats:
              mine:
                body: {kind: "{{type}}"}
                signature: {header: X-Mine-Sig}
            """;

    void createApiSubscription(String id, String format) {
        String body = "{\"id\": \"" + id + "\", \"url\": \"" + receiver.url("/" + id) + "\""
                + (format == null ? "" : ", \"format\": \"" + format + "\"") + "}";
        assertEquals(201, herald.http().post("/api/v1/subscriptions", body).status());
    }

    @Test
    void removing_a_format_an_api_subscription_uses_is_refused_and_the_old_config_stays() throws Exception {
        herald = Herald.start(dir, MINE);
        createApiSubscription("uses-mine", "mine");
        java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
        java.io.PrintStream stderr = System.err;
        System.setErr(new java.io.PrintStream(new TeeStream(log, stderr), true));
        try {
            herald.writeConfig("subscriptions:\n" + Herald.subscription("two", receiver.url("/two"), ""));
            Poll.until(Duration.ofSeconds(5), "the reload to be refused", () -> log.toString().contains("config_reload_refused"));
        } finally {
            System.setErr(stderr);
        }
        String line = log.toString().lines().filter(l -> l.contains("config_reload_refused")).findFirst().orElseThrow();
        assertTrue(line.contains("\"uses-mine\"") && line.contains("\"mine\""), line);
        assertTrue(herald.app().config().formats().containsKey("mine"), "the old config stays");
        assertTrue(herald.app().config().subscriptions().isEmpty(), "nothing of the refused edit applies");
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(10), "a delivery in the kept format", () -> receiver.requestsTo("/uses-mine").size() == 1);
        assertEquals("{\"kind\":\"a.b\"}", receiver.requestsTo("/uses-mine").get(0).bodyText());
    }

    @Test
    void a_subscription_whose_format_is_missing_gets_failed_attempts_and_fan_out_neither_resends_nor_stalls() {
        herald = Herald.start(dir, MINE);
        createApiSubscription("before", null);
        createApiSubscription("broken", "mine");
        createApiSubscription("after", null);
        // the format leaves config.yaml (a reload would refuse it; a start cannot): the stored subscription loads
        herald.writeConfig("");
        herald.restart();
        for (int i = 0; i < 3; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "}}");
        Poll.until(Duration.ofSeconds(20), "every event at the subscription after the broken one",
                () -> receiver.requestsTo("/after").size() == 3);
        for (int seq = 1; seq <= 3; seq++) {
            String id = "/api/v1/deliveries/dlv_" + seq + "_broken";
            var d = Poll.value(Duration.ofSeconds(20), "a final " + id, () -> {
                var r = herald.http().get(id);
                return r.status() == 200 && r.json().get("status").asText().equals("failed") ? r.json() : null;
            });
            String error = d.get("attempts").get(0).get("error").asText();
            assertTrue(error.contains("format \"mine\""), error);
            assertTrue(d.get("attempts").get(0).get("statusCode").isNull());
        }
        assertTrue(receiver.requestsTo("/broken").isEmpty());
        herald.postEvent("{\"type\":\"marker\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(20), "the marker", () -> receiver.requestsTo("/before").size() >= 4
                && receiver.requestsTo("/after").size() == 4);
        assertEquals(4, receiver.requestsTo("/before").size(), "each event went once to the subscription before");
        assertEquals(4, distinctIds("/before"));
    }

    /** Writes to both streams: the test reads Herald's log lines while they still reach the console. */
    static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
