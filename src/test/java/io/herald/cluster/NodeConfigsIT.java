package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import io.herald.config.KafkaConfig;
import io.herald.testing.KafkaBroker;
import io.herald.testing.LogCapture;
import io.herald.testing.Poll;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * config_differs (CONTRACT 11) through a real broker: two nodes' NodeConfigs in one JVM. The same check with two
 * Herald processes waits for a node that can start in cluster mode (the Kafka journal).
 */
class NodeConfigsIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration DEADLINE = Duration.ofSeconds(30);

    static Config config(String url) {
        return ConfigLoader.parse(ConfigMaterialTest.KEYS + ConfigMaterialTest.SUB.replace("https://hooks.example.com/h",
                url), "config.yaml");
    }

    KafkaConfig topics(String prefix) {
        KafkaConfig k = new KafkaConfig(kafka.bootstrapServers(), prefix, Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
        return k;
    }

    NodeConfigs node(KafkaConfig k, String name, Config config) {
        NodeConfigs n = new NodeConfigs(k, name, Clock.systemUTC(), 1 << 20);
        n.publish(config);
        return n.start();
    }

    @Test
    void nodes_whose_files_differ_each_log_config_differs_naming_the_other_and_the_first_difference() {
        KafkaConfig k = topics("differs");
        try (LogCapture logs = new LogCapture();
             NodeConfigs a = node(k, "node-a", config("https://a.example.com/h"));
             NodeConfigs b = node(k, "node-b", config("https://b.example.com/h"))) {
            Poll.until(DEADLINE, "node-a to see node-b's config", () -> !a.differences().isEmpty());
            Poll.until(DEADLINE, "node-b to see node-a's config", () -> !b.differences().isEmpty());
            assertEquals(List.of("node-b: subscriptions.s1.url: \"https://a.example.com/h\" here,"
                    + " \"https://b.example.com/h\" on node-b"), a.differences());
            assertEquals(List.of("node-a: subscriptions.s1.url: \"https://b.example.com/h\" here,"
                    + " \"https://a.example.com/h\" on node-a"), b.differences());
            Poll.until(DEADLINE, "the log line", () -> logs.text().contains("config_differs node=node-b"
                    + " first_difference=\"subscriptions.s1.url: \"https://a.example.com/h\" here, \"https://b.example.com/h\" on"
                    + " node-b\""));

            b.publish(config("https://a.example.com/h")); // node-b's file fixed and reloaded
            Poll.until(DEADLINE, "both to agree", () -> a.differences().isEmpty() && b.differences().isEmpty());
        }
    }

    @Test
    void a_node_that_stopped_is_not_compared_with() {
        KafkaConfig k = topics("stopped");
        try (NodeConfigs a = node(k, "node-a", config("https://a.example.com/h"))) {
            NodeConfigs b = node(k, "node-b", config("https://b.example.com/h"));
            Poll.until(DEADLINE, "node-a to see node-b's config", () -> !a.differences().isEmpty());
            b.forget(); // what a stopping node does while Kafka is there (ClusterNode.close)
            b.close();
            Poll.until(DEADLINE, "node-b's record to go", () -> a.differences().isEmpty());
        }
    }
}
