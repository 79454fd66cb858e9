package io.herald.tenant;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.SseTestClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CONTRACT 8, "always within its own tenant", on a resource stream: a tenant token whose {@code resources} cover a
 * resource (a wildcard, say) sees that tenant's events of it and its state only when the state is that tenant's.
 * An api key on the same stream sees every event.
 */
class TenantResourceStreamTest {
    static final Duration WAIT = Duration.ofSeconds(20);
    @TempDir Path dir;
    Herald herald;

    @BeforeEach
    void start() {
        herald = Herald.start(dir, "");
    }

    @AfterEach
    void stop() {
        herald.close();
    }

    private String acmeToken() {
        return herald.http().post("/api/v1/tokens", "{\"tenant\": \"acme\", \"resources\": [\"gres/*\"]}").json()
                .get("token").asText();
    }

    private void post(String tenant, String id, int n) {
        herald.postEvent("{\"type\":\"g.state\"," + (tenant == null ? "" : "\"tenant\":\"" + tenant + "\",")
                + "\"data\":{\"n\":" + n + ",\"owner\":\"" + tenant + "\"},\"resource\":{\"type\":\"gres\",\"id\":\"" + id + "\"}}");
    }

    private SseTestClient stream(String id, String token, String query) throws Exception {
        return new SseTestClient("http://127.0.0.1:" + herald.app().port() + "/gres/" + id + "/events?token=" + token
                + query, Map.of());
    }

    private static JsonNode data(SseTestClient.Event e) throws Exception {
        return Json.MAPPER.readTree(e.data());
    }

    @Test
    void a_tenant_token_sees_neither_another_tenants_state_nor_its_events_on_a_resource_it_covers() throws Exception {
        post("globex", "g1", 1);
        String token = acmeToken();
        try (SseTestClient acme = stream("g1", token, "");
             SseTestClient operator = stream("g1", Herald.API_KEY, "")) {
            assertEquals(200, acme.status, acme.errorBody);
            JsonNode initiated = data(acme.require(WAIT));
            assertEquals("initiated", initiated.get("type").asText());
            assertTrue(initiated.get("current").isNull(), "globex's state is not acme's: " + initiated);
            assertEquals(1, data(operator.require(WAIT)).get("current").get("n").asInt(), "the operator sees it");

            post("globex", "g1", 2);
            post(null, "g1", 3);
            post("acme", "g1", 4);
            assertEquals(4, data(acme.require(WAIT)).get("current").get("n").asInt(),
                    "globex's and the operator's events of the resource are left out");
            for (int n = 2; n <= 4; n++) assertEquals(n, data(operator.require(WAIT)).get("current").get("n").asInt());
        }
        try (SseTestClient again = stream("g1", token, "")) {
            assertEquals(4, data(again.require(WAIT)).get("current").get("n").asInt(), "acme's own state now");
        }
        post("globex", "g1", 5);
        try (SseTestClient replay = stream("g1", token, "&lastEventId=0");
             SseTestClient after = stream("g1", token, "")) {
            assertEquals(4, data(replay.require(WAIT)).get("current").get("n").asInt(), "a replay skips the others'");
            post("acme", "g1", 6);
            assertEquals(6, data(replay.require(WAIT)).get("current").get("n").asInt());
            assertTrue(data(after.require(WAIT)).get("current").isNull(), "globex wrote the state last");
        }
    }

    @Test
    void the_tenant_of_a_resources_state_survives_a_restart_through_the_snapshot() throws Exception {
        post("globex", "g1", 1);
        post("acme", "a1", 2);
        herald.app().maintainNow(); // writes ingest.snapshot
        String snapshot = Files.readString(herald.stateFile("ingest.snapshot"));
        assertTrue(snapshot.contains("\"tenant\":\"acme\""), snapshot);
        herald.restart();
        String token = acmeToken();
        try (SseTestClient mine = stream("a1", token, ""); SseTestClient theirs = stream("g1", token, "")) {
            assertEquals(2, data(mine.require(WAIT)).get("current").get("n").asInt());
            assertTrue(data(theirs.require(WAIT)).get("current").isNull());
        }
    }
}
