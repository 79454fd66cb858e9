package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;
    volatile boolean healthy;

    @BeforeEach
    void start() throws Exception {
        receiver = new TestReceiver();
        receiver.answer(r -> Answer.status(healthy || r.path().equals("/ops") ? 200 : 500));
        herald = Herald.start(dir, "subscriptions:\n"
                + Herald.subscription("flaky", receiver.url("/flaky"), "events: [\"job.*\"]\nretry-schedule: []")
                + Herald.subscription("slow", receiver.url("/slow"), "events: [\"slow.*\"]\nretry-schedule: [1h]")
                + Herald.subscription("ops", receiver.url("/ops"), "events: [\"herald.delivery.failed\"]"));
    }

    @AfterEach
    void stop() {
        herald.close();
        receiver.close();
    }

    String status(String id) {
        return herald.http().get("/api/v1/deliveries/" + id).json().path("status").asText();
    }

    int queued(String subscription, String body) {
        var r = herald.http().post("/api/v1/subscriptions/" + subscription + "/replay", body);
        assertEquals(202, r.status(), r.body());
        return r.json().get("queued").asInt();
    }

    @Test
    void failed_deliveries_in_the_window_are_delivered_once_the_receiver_recovers_and_pending_ones_are_not_doubled() {
        Instant since = Instant.now().minusSeconds(1);
        List<String> failed = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            failed.add("dlv_" + herald.postEvent("{\"type\":\"job.done\",\"data\":{\"n\":" + i + "}}").get("seq").asLong() + "_flaky");
        }
        String waiting = "dlv_" + herald.postEvent("{\"type\":\"slow.done\",\"data\":{}}").get("seq").asLong() + "_slow";
        Poll.until(DEADLINE, "three failed deliveries", () -> failed.stream().allMatch(id -> status(id).equals("failed")));
        Poll.until(DEADLINE, "three herald.delivery.failed events", () -> receiver.requestsTo("/ops").size() == 3);
        JsonNode ops = AutoDisableTest.read(receiver.requestsTo("/ops").get(0).bodyText()).get("data");
        assertEquals("flaky", ops.get("subscriptionId").asText());
        assertTrue(failed.contains(ops.get("deliveryId").asText()));
        assertEquals(500, ops.get("lastStatusCode").asInt());
        Poll.until(DEADLINE, "the slow delivery to wait for its retry",
                () -> herald.http().get("/api/v1/deliveries/" + waiting).json().get("attempts").size() == 1);
        assertEquals("pending", status(waiting));

        healthy = true;
        assertEquals(0, queued("flaky", "{\"since\": \"" + Instant.now().plusSeconds(60) + "\", \"until\": \""
                + Instant.now().plusSeconds(120) + "\"}"), "outside the window");
        assertEquals(3, queued("flaky", "{\"since\": \"" + since + "\"}"));
        Poll.until(DEADLINE, "the replayed deliveries", () -> failed.stream().allMatch(id -> status(id).equals("succeeded")));
        assertEquals(6, receiver.requestsTo("/flaky").size(), "each failed delivery sent once more");
        assertEquals(0, queued("flaky", "{\"since\": \"" + since + "\"}"), "succeeded ones are not replayed");

        assertEquals(0, queued("slow", "{\"since\": \"" + since + "\"}"), "a pending delivery is not queued twice");
        assertEquals(1, receiver.requestsTo("/slow").size());
        var retried = herald.http().post("/api/v1/deliveries/" + waiting + "/retry", "");
        assertEquals(202, retried.status(), retried.body());
        Poll.until(DEADLINE, "the retried delivery", () -> status(waiting).equals("succeeded"));
        assertEquals(2, receiver.requestsTo("/slow").size(), "its waiting retry was brought forward, not doubled");

        var again = herald.http().post("/api/v1/deliveries/" + failed.get(0) + "/retry", "");
        assertEquals(202, again.status());
        assertEquals("pending", again.json().get("status").asText());
        Poll.until(DEADLINE, "a succeeded delivery sent again", () -> receiver.requestsTo("/flaky").size() == 7);
    }

    @Test
    void a_replay_queued_before_a_restart_is_still_delivered_after_it() {
        String id = "dlv_" + herald.postEvent("{\"type\":\"job.done\",\"data\":{}}").get("seq").asLong() + "_flaky";
        Poll.until(DEADLINE, "the delivery to fail", () -> status(id).equals("failed"));
        Instant since = Instant.now().minusSeconds(60);
        // the receiver stays down: the requeued delivery fails again, and a restart must not lose its record
        assertEquals(1, queued("flaky", "{\"since\": \"" + since + "\"}"));
        Poll.until(DEADLINE, "the requeued attempt", () -> receiver.requestsTo("/flaky").size() == 2);
        Poll.until(DEADLINE, "it to fail again", () -> status(id).equals("failed"));
        herald.restart();
        assertEquals("failed", status(id));
        JsonNode d = herald.http().get("/api/v1/deliveries/" + id).json();
        assertEquals(2, d.get("attempts").size(), "both attempts kept across the requeue and the restart");
        healthy = true;
        assertEquals(1, queued("flaky", "{\"since\": \"" + since + "\"}"));
        Poll.until(DEADLINE, "delivered", () -> status(id).equals("succeeded"));
    }
}
