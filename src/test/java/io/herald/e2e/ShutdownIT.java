package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShutdownIT {
    @TempDir Path dir;

    @Test
    void sigterm_with_retries_pending_loses_nothing_and_exits_0() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             HeraldProcess herald = new HeraldProcess(dir, "subscriptions:\n  - id: sink\n    url: " + receiver.url("/sink")
                     + "\n    secret: " + HeraldProcess.SECRET + "\n    retry-schedule: [1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s, 1s]\n")) {
            AtomicBoolean up = new AtomicBoolean(false);
            Set<String> ok = ConcurrentHashMap.newKeySet();
            Map<String, Integer> attempts = new ConcurrentHashMap<>();
            receiver.answer(r -> {
                attempts.merge(r.header("webhook-id"), 1, Integer::sum);
                if (!up.get()) return TestReceiver.Answer.status(500);
                ok.add(r.header("webhook-id"));
                return TestReceiver.Answer.status(200);
            });
            herald.start();
            HttpClient client = HttpClient.newHttpClient();
            Set<String> posted = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(herald.base() + "/api/v1/events"))
                        .header("Authorization", "Bearer " + HeraldProcess.API_KEY)
                        .POST(HttpRequest.BodyPublishers.ofString("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "}}")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(202, r.statusCode());
                posted.add(Json.MAPPER.readTree(r.body()).get("id").asText());
            }
            Poll.until(Duration.ofSeconds(60), "a first failed attempt for every event", () -> attempts.keySet().containsAll(posted));
            assertEquals(0, herald.sigterm(Duration.ofSeconds(30)), "exit code after SIGTERM:\n" + herald.tail());
            assertTrue(Files.readString(herald.log).contains("herald_stopped"));
            up.set(true);
            herald.start();
            Poll.until(Duration.ofSeconds(90), "every event answered 2xx after the restart", () -> ok.containsAll(posted));
            long twice = attempts.values().stream().filter(n -> n > 1).count();
            System.out.printf("sigterm: %d events, all delivered after restart; %d needed more than one attempt (by design: the first ones failed)%n",
                    posted.size(), twice);
        }
    }
}
