package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeliveryLogTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    @TempDir Path dir;

    @Test
    void a_subscriptions_deliveries_list_each_attempt_with_code_error_and_truncated_response_newest_first()
            throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ConcurrentHashMap<String, AtomicInteger> seen = new ConcurrentHashMap<>();
        try (TestReceiver receiver = new TestReceiver()) {
            // each event's first attempt gets a 500 with a 5000-byte body, its second a 200 "ok"
            receiver.answer(r -> seen.computeIfAbsent(r.header("webhook-id"), k -> new AtomicInteger()).getAndIncrement() == 0
                    ? Answer.status(500).withBody("x".repeat(5000)) : Answer.status(200).withBody("ok"));
            try (Herald herald = Herald.start(dir, "subscriptions:\n"
                    + Herald.subscription("log", receiver.url("/log"), "events: [\"a.*\"]\nretry-schedule: [50ms]")
                    + Herald.subscription("refused", "http://127.0.0.1:" + closedPort + "/", "events: [\"a.*\"]\nretry-schedule: []"))) {
                for (int i = 0; i < 3; i++) herald.postEvent("{\"type\":\"a.b\",\"data\":{\"n\":" + i + "}}");
                JsonNode list = Poll.value(DEADLINE, "three succeeded deliveries", () -> {
                    JsonNode l = herald.http().get("/api/v1/subscriptions/log/deliveries?status=succeeded").json().get("deliveries");
                    return l.size() == 3 ? l : null;
                });
                Instant newer = Instant.MAX;
                for (JsonNode d : list) {
                    assertEquals("succeeded", d.get("status").asText());
                    assertEquals("log", d.get("subscriptionId").asText());
                    JsonNode attempts = d.get("attempts");
                    assertEquals(2, attempts.size(), "oldest first: the 500, then the 200");
                    assertEquals(500, attempts.get(0).get("statusCode").asInt());
                    assertEquals(4096, attempts.get(0).get("response").asText().length());
                    assertEquals(200, attempts.get(1).get("statusCode").asInt());
                    assertEquals("ok", attempts.get(1).get("response").asText());
                    assertTrue(attempts.get(1).get("durationMs").asLong() >= 0);
                    Instant last = Instant.parse(attempts.get(1).get("at").asText());
                    assertFalse(last.isAfter(newer), "newest first");
                    newer = last;
                }
                assertEquals(1, herald.http().get("/api/v1/subscriptions/log/deliveries?limit=1").json().get("deliveries").size());
                assertEquals(0, herald.http().get("/api/v1/subscriptions/log/deliveries?status=failed").json().get("deliveries").size());

                JsonNode refused = Poll.value(DEADLINE, "three failed deliveries to a closed port", () -> {
                    JsonNode l = herald.http().get("/api/v1/subscriptions/refused/deliveries?status=failed").json().get("deliveries");
                    return l.size() == 3 ? l : null;
                });
                JsonNode a = refused.get(0).get("attempts").get(0);
                assertTrue(a.get("statusCode").isNull());
                assertFalse(a.get("error").asText().isBlank());
                assertTrue(a.get("response").isNull());
                assertTrue(refused.get(0).get("nextAttemptAt").isNull());
            }
        }
    }
}
