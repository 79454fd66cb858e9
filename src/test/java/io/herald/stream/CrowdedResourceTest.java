package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.Poll;
import io.herald.testing.SseTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A resource with more than {@link BroadcastLanes#SHARED_FROM} streams spreads its new clients over the lanes'
 * threads, and a client keeps its lane for life: when the crowd thins out again, the clients still on other lanes
 * must keep getting every event, in order.
 */
class CrowdedResourceTest {
    static final Duration WAIT = Duration.ofSeconds(30);
    static final int CROWD = BroadcastLanes.SHARED_FROM + 16;
    static final int LEFT = BroadcastLanes.SHARED_FROM / 2;
    @TempDir Path dir;

    @Test
    void every_stream_still_gets_every_event_after_a_crowded_resource_thins_out() throws Exception {
        try (Herald h = Herald.start(dir, "")) {
            String url = "http://127.0.0.1:" + h.app().port() + "/jobs/crowd/events?token=" + Herald.API_KEY;
            List<SseTestClient> clients = new ArrayList<>();
            try {
                for (int i = 0; i < CROWD; i++) {
                    SseTestClient c = new SseTestClient(url, Map.of());
                    assertEquals(200, c.status, c.errorBody);
                    assertEquals("initiated", Json.MAPPER.readTree(c.require(WAIT).data()).get("type").asText());
                    clients.add(c);
                }
                long crowded = post(h, 1);
                for (SseTestClient c : clients) assertEquals(Long.toString(crowded), c.require(WAIT).lastEventId());
                // the first clients joined lane 0 and go; those who joined past SHARED_FROM stay, on every lane
                for (SseTestClient c : clients.subList(0, CROWD - LEFT)) c.close();
                List<SseTestClient> left = clients.subList(CROWD - LEFT, CROWD);
                Poll.until(WAIT, LEFT + " streams left", () -> StreamReleaseTest.streamClients(h) == LEFT);
                long thin = post(h, 2);
                long thinner = post(h, 3);
                for (int i = 0; i < left.size(); i++) {
                    SseTestClient c = left.get(i);
                    assertEquals(Long.toString(thin), c.require(WAIT).lastEventId(), "client " + i + " of those left");
                    assertEquals(Long.toString(thinner), c.require(WAIT).lastEventId(), "client " + i + ", in order");
                }
            } finally {
                clients.forEach(SseTestClient::close);
            }
        }
    }

    private static long post(Herald h, int v) {
        return h.postEvent("{\"type\":\"a.b\",\"data\":{\"v\":" + v + "},\"resource\":{\"type\":\"jobs\",\"id\":\"crowd\"}}")
                .get("seq").asLong();
    }
}
