package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an operator reads in Herald's log about deliveries, from the built jar. */
class DeliveryLogLinesIT {
    @TempDir Path dir;

    @Test
    void a_retried_delivery_that_finally_succeeds_is_logged_and_a_first_try_success_is_not() throws Exception {
        AtomicInteger flaky = new AtomicInteger();
        try (TestReceiver receiver = new TestReceiver();
             HeraldProcess herald = new HeraldProcess(dir, "subscriptions:\n"
                     + "  - id: flaky\n    url: " + receiver.url("/flaky") + "\n    secret: " + HeraldProcess.SECRET
                     + "\n    retry-schedule: [100ms, 100ms]\n"
                     + "  - id: steady\n    url: " + receiver.url("/steady") + "\n    secret: " + HeraldProcess.SECRET + "\n")) {
            receiver.answer(r -> TestReceiver.Answer.status(
                    r.path().equals("/flaky") && flaky.getAndIncrement() < 2 ? 503 : 200));
            herald.start();
            Http http = new Http(herald.base(), HeraldProcess.API_KEY);
            assertEquals(202, http.post("/api/v1/events", "{\"type\":\"a.b\",\"data\":{}}").status());
            Poll.until(Duration.ofSeconds(30), "the success after two failures in the log (" + herald.log + ")",
                    () -> log(herald).contains("delivery_succeeded subscription=flaky delivery=dlv_1_flaky attempt=3 status=200"));
            // an attempt's log line is written before its outcome is on record, so this settles the question
            Poll.until(Duration.ofSeconds(30), "steady's delivery on record", () -> http.get("/api/v1/deliveries/dlv_1_steady")
                    .body().contains("\"status\":\"succeeded\""));
            assertFalse(log(herald).contains("delivery_succeeded subscription=steady"), herald.tail());
        }
    }

    static String log(HeraldProcess herald) {
        try {
            return Files.readString(herald.log);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
