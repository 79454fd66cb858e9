package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An ordered subscription (CONTRACT 4.4) keeps its seq order across a kill -9 of the jar. */
class OrderedCrashIT {
    static final int EVENTS = 300;

    @TempDir Path dir;

    @Test
    void an_ordered_subscription_gets_each_event_first_in_seq_order_across_kill_9() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             HeraldProcess herald = new HeraldProcess(dir, "subscriptions:\n  - id: ord\n    url: " + receiver.url("/ord")
                     + "\n    secret: " + HeraldProcess.SECRET + "\n    ordered: true\n"
                     + "    retry-schedule: [200ms, 500ms, 1s, 1s, 1s, 1s, 1s, 1s]\n")) {
            List<Integer> received = new CopyOnWriteArrayList<>();
            receiver.answer(r -> {
                try {
                    received.add(Json.MAPPER.readTree(r.body()).get("data").get("n").asInt());
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e);
                }
                return TestReceiver.Answer.status(200).after(Duration.ofMillis(5));
            });
            herald.start();
            HttpClient client = HttpClient.newHttpClient();
            for (int i = 1; i <= EVENTS; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(herald.base() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + HeraldProcess.API_KEY)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{\"n\":" + i + "}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode(), r.body());
            }
            Poll.until(Duration.ofSeconds(60), "a third of the deliveries", () -> received.size() >= EVENTS / 3);
            herald.kill9();
            int atKill = received.size();
            herald.start();
            Poll.until(Duration.ofSeconds(120), "every event at the receiver",
                    () -> new LinkedHashSet<>(received).size() == EVENTS);
            List<Integer> firstArrivals = new ArrayList<>(new LinkedHashSet<>(received));
            List<Integer> inOrder = new ArrayList<>(firstArrivals);
            inOrder.sort(null);
            System.out.printf("ordered crash: %d received before kill -9, %d in all (%d again)%n", atKill,
                    received.size(), received.size() - EVENTS);
            assertEquals(inOrder, firstArrivals, "each event first arrived after every event before it");
            // after the restart the duplicates are sent again in order too: the tail is one increasing run
            List<Integer> afterRestart = received.subList(atKill, received.size());
            for (int i = 1; i < afterRestart.size(); i++) {
                assertTrue(afterRestart.get(i) > afterRestart.get(i - 1), "out of order after the restart: "
                        + afterRestart.subList(Math.max(0, i - 3), Math.min(afterRestart.size(), i + 3)));
            }
        }
    }
}
