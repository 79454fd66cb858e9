package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IsolationAndSafetyTest {
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
    void a_receiver_that_never_answers_does_not_delay_another_subscription() {
        receiver.answer(r -> r.path().equals("/hang") ? Answer.hanging() : Answer.status(200));
        herald = Herald.start(dir, """
                delivery:
                  workers: 8
                  timeout: 10s
                  retry-schedule: [1s]
                  jitter: 0
                  allow-networks: ["127.0.0.0/8"]
                subscriptions:
                """ + Herald.subscription("dead", receiver.url("/hang"), "")
                + Herald.subscription("alive", receiver.url("/ok"), ""));
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "}}");
        // The hanging receiver holds its attempts for 10 s; the other one must not wait for them.
        Poll.until(Duration.ofSeconds(15), "50 deliveries to the live receiver",
                () -> receiver.requestsTo("/ok").size() == 50);
        System.out.printf("isolation: 50 deliveries to the live receiver in %d ms while %d attempts hang%n",
                (System.nanoTime() - start) / 1_000_000, receiver.requestsTo("/hang").size());
        assertTrue(receiver.requestsTo("/hang").size() <= 4, "the hanging one holds at most its share of workers");
    }

    @Test
    void loopback_is_refused_unless_allow_networks_covers_it_and_the_attempt_says_why() {
        herald = Herald.start(dir, """
                delivery:
                  retry-schedule: []
                  allow-networks: []
                subscriptions:
                """ + Herald.subscription("local", receiver.url("/x"), ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        JsonNode d = Poll.value(Duration.ofSeconds(20), "a final delivery", () -> {
            var r = herald.http().get("/api/v1/deliveries/dlv_1_local");
            return r.status() == 200 && !r.json().get("status").asText().equals("pending") ? r.json() : null;
        });
        assertEquals("failed", d.get("status").asText());
        JsonNode attempt = d.get("attempts").get(0);
        assertTrue(attempt.get("statusCode").isNull());
        assertTrue(attempt.get("error").asText().contains("127.0.0.1"), attempt.toString());
        assertTrue(attempt.get("error").asText().contains("blocked"), attempt.toString());
        assertTrue(receiver.requests().isEmpty());

        herald.writeConfig("delivery:\n  retry-schedule: []\n  allow-networks: [\"127.0.0.1/32\"]\nsubscriptions:\n"
                + Herald.subscription("local", receiver.url("/x"), ""));
        Poll.until(Duration.ofSeconds(5), "the reload", () -> !herald.app().config().delivery().allowNetworks().isEmpty());
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        Poll.until(Duration.ofSeconds(20), "a delivery once allowed", () -> receiver.requests().size() == 1);
    }

    @Test
    void a_config_url_whose_ipv6_literal_embeds_loopback_is_blocked_at_connect_time() {
        // config.yaml urls are not judged at load (a host name may resolve anywhere later): the resolver is the guard
        String port = receiver.url("").replaceAll(".*:", "");
        herald = Herald.start(dir, """
                delivery:
                  retry-schedule: []
                  allow-networks: []
                subscriptions:
                """ + Herald.subscription("compat", "http://[::127.0.0.1]:" + port + "/x", "")
                + Herald.subscription("sixtofour", "http://[2002:7f00:1::]:" + port + "/x", "")
                + Herald.subscription("nat64", "http://[64:ff9b::7f00:1]:" + port + "/x", ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        for (String sub : java.util.List.of("compat", "sixtofour", "nat64")) {
            JsonNode d = Poll.value(Duration.ofSeconds(20), "a final delivery to " + sub, () -> {
                var r = herald.http().get("/api/v1/deliveries/dlv_1_" + sub);
                return r.status() == 200 && !r.json().get("status").asText().equals("pending") ? r.json() : null;
            });
            String error = d.get("attempts").get(0).get("error").asText();
            assertTrue(error.startsWith("blocked: ") && error.contains("carrying 127.0.0.1"), sub + ": " + error);
        }
    }

    @Test
    void a_receivers_cookie_is_never_sent_back() {
        // Herald is not a browser: a Set-Cookie from one answer must not ride along on later deliveries
        receiver.answer(r -> Answer.status(200).withHeader("Set-Cookie", "session=abc123; Path=/"));
        herald = Herald.start(dir, """
                delivery:
                  allow-networks: ["127.0.0.0/8"]
                subscriptions:
                """ + Herald.subscription("s", receiver.url("/hook"), ""));
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":1}}");
        Poll.until(Duration.ofSeconds(20), "the first delivery", () -> receiver.requests().size() == 1);
        herald.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":2}}");
        Poll.until(Duration.ofSeconds(20), "the second delivery", () -> receiver.requests().size() == 2);
        for (TestReceiver.Request r : receiver.requests()) assertNull(r.header("Cookie"), r.headers().toString());
    }
}
