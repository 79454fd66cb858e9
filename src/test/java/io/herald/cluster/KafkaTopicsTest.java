package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What needs no broker; the rest is in ClusterStartIT and NodeConfigsIT, against a real one. */
class KafkaTopicsTest {
    @Test
    void servers_whose_names_do_not_resolve_are_named_at_once() {
        KafkaConfig k = new KafkaConfig("nowhere.invalid:9092", "herald", Map.of());
        long start = System.nanoTime();
        ClusterException e = assertThrows(ClusterException.class, () -> KafkaTopics.connect(k, "test"));
        assertEquals("storage.kafka.bootstrap-servers: cannot reach Kafka at nowhere.invalid:9092 (No resolvable"
                + " bootstrap urls given in bootstrap.servers)", e.getMessage());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(10)) < 0);
    }
}
