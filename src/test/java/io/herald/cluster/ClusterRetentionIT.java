package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.config.KafkaConfig;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import io.herald.testing.SettableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention in cluster mode, in process (the real App on a real broker, time driven by a {@link SettableClock}):
 * a node keeps the journal cycles that another node's subscription still needs, should this node take it over,
 * and deletes them by age once that subscription's resume point has passed them.
 */
class ClusterRetentionIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(60);
    @TempDir Path dir;

    @Test
    void a_cycle_past_retention_stays_while_another_nodes_subscription_may_resume_from_it_then_goes() throws Exception {
        KafkaConfig k = ResumePointsIT.topics(kafka, "retention");
        // node-b: a member of the delivery group that owns half the partitions and writes its points by hand
        try (DeliveryOwnership nodeB = new DeliveryOwnership(k, "node-b", 1 << 20, new DeliveryOwnershipIT.Heard()).start();
             ResumePoints pointsB = new ResumePoints(k, "node-b", 1 << 20)) {
            Poll.until(DEADLINE, "node-b to own every partition", () -> nodeB.partitions().size() == 12);
            SettableClock clock = new SettableClock(Instant.parse("2026-11-20T23:00:00Z"));
            try (Herald nodeA = Herald.start(dir, """
                    storage:
                      dir: %s
                      retention: 1h
                      kind: kafka
                      kafka:
                        bootstrap-servers: "%s"
                        topic-prefix: retention
                    """.formatted(dir.resolve("data"), kafka.bootstrapServers()), clock)) {
                Poll.until(DEADLINE, "node-a to take half the partitions", () -> nodeB.partitions().size() == 6);
                Set<Integer> ofB = nodeB.partitions();
                String theirs = IntStream.range(0, 100).mapToObj(i -> "theirs-" + i)
                        .filter(id -> ofB.contains(DeliveryPartitions.of(id))).findFirst().orElseThrow();
                Http http = nodeA.http();
                assertEquals(201, http.post("/api/v1/subscriptions", "{\"id\":\"" + theirs
                        + "\",\"url\":\"http://127.0.0.1:9/hook\"}").status());
                pointsB.advance(Map.of(theirs, 0L)); // node-b delivered nothing of it yet
                pointsB.flush();

                JsonNode old = nodeA.postEvent("{\"type\":\"render.done\",\"data\":{}}");
                clock.advance(Duration.ofHours(3)); // the next day's cycle; the first is now past retention
                JsonNode later = nodeA.postEvent("{\"type\":\"render.later\",\"data\":{}}");
                String oldPath = "/api/v1/events/" + old.get("id").asText();

                nodeA.app().maintainNow();
                assertEquals(200, http.get(oldPath).status(),
                        "node-a would resume " + theirs + " from seq 1 if node-b died: its cycle stays");

                pointsB.advance(Map.of(theirs, later.get("seq").asLong() - 1)); // node-b is done with the old cycle
                pointsB.flush();
                nodeA.app().maintainNow();
                assertEquals(404, http.get(oldPath).status(), "past retention and needed by no one: deleted");
                assertEquals(200, http.get("/api/v1/events/" + later.get("id").asText()).status());
            }
        }
    }
}
