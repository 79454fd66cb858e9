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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whatever got a 202 survives a kill -9 of Herald the next instant, and reaches its subscriber. */
class CrashIT {
    static final int CLIENTS = 16;
    static final int PER_CLIENT = 160; // 2,560 events in all

    @TempDir Path dir;

    @Test
    void no_acknowledged_event_is_lost_across_kill_9() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             HeraldProcess herald = new HeraldProcess(dir, "subscriptions:\n  - id: sink\n    url: " + receiver.url("/sink")
                     + "\n    secret: " + HeraldProcess.SECRET + "\n    retry-schedule: [200ms, 500ms, 1s, 1s, 1s, 1s, 1s, 1s]\n")) {
            Map<String, Integer> received = new ConcurrentHashMap<>();
            var verifier = new com.standardwebhooks.Webhook(HeraldProcess.SECRET);
            AtomicInteger badSignatures = new AtomicInteger();
            receiver.answer(r -> {
                try {
                    verifier.verify(r.bodyText(), Map.of("webhook-id", List.of(r.header("webhook-id")),
                            "webhook-timestamp", List.of(r.header("webhook-timestamp")),
                            "webhook-signature", List.of(r.header("webhook-signature"))));
                } catch (Exception e) {
                    badSignatures.incrementAndGet();
                }
                received.merge(r.header("webhook-id"), 1, Integer::sum);
                return TestReceiver.Answer.status(200);
            });
            herald.start();
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger posted = new AtomicInteger();
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
            try {
                List<Future<?>> runs = new java.util.ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int clientNo = c;
                    runs.add(pool.submit(() -> {
                        int i = 0;
                        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
                        while (i < PER_CLIENT && System.nanoTime() < deadline) {
                            String body = "{\"type\":\"render.progress\",\"data\":{\"client\":" + clientNo + ",\"i\":" + i + "}}";
                            try {
                                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(herald.base() + "/api/v1/events"))
                                        .header("Authorization", "Bearer " + HeraldProcess.API_KEY)
                                        .header("Content-Type", "application/json")
                                        .timeout(Duration.ofSeconds(5))
                                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                                if (r.statusCode() == 202) {
                                    acknowledged.add(Json.MAPPER.readTree(r.body()).get("id").asText());
                                    posted.incrementAndGet();
                                    i++;
                                }
                            } catch (java.io.IOException down) {
                                Thread.onSpinWait(); // Herald is down (killed): try the same event again
                            }
                        }
                        return null;
                    }));
                }
                Poll.until(Duration.ofSeconds(60), "half of the events acknowledged", () -> posted.get() >= CLIENTS * PER_CLIENT / 2);
                herald.kill9();
                int atKill = posted.get();
                herald.start();
                for (Future<?> f : runs) f.get();
                System.out.printf("crash: %d events acknowledged (%d before kill -9)%n", acknowledged.size(), atKill);
                assertTrue(acknowledged.size() >= 2000, "at least 2,000 events: " + acknowledged.size());
                Poll.until(Duration.ofSeconds(120), "every acknowledged event at the receiver",
                        () -> received.keySet().containsAll(acknowledged));
            } finally {
                pool.shutdownNow();
            }
            long lost = acknowledged.stream().filter(id -> !received.containsKey(id)).count();
            long duplicates = received.values().stream().filter(n -> n > 1).count();
            System.out.printf("crash: lost=%d duplicates=%d (deliveries received more than once) badSignatures=%d%n",
                    lost, duplicates, badSignatures.get());
            assertEquals(0, lost);
            assertEquals(0, badSignatures.get());
        }
    }
}
