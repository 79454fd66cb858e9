package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Start-up with {@code storage.kind: kafka} (CONTRACT 11) against a real broker that, like users' brokers, does not
 * auto-create topics.
 */
class ClusterStartIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    @TempDir Path dir;

    JarRun run(String servers, String prefix) throws Exception {
        Path config = dir.resolve(prefix + ".yaml");
        Files.writeString(config, HeraldProcess.cluster(HeraldProcess.config(HeraldProcess.freePort(),
                dir.resolve("data-" + prefix)), servers, prefix));
        return JarRun.run(dir, "--config", config.toString());
    }

    /** A node on these topics that starts, answers /health 200, and exits 0 on SIGTERM. */
    void startAndStop(String prefix) throws Exception {
        try (HeraldProcess node = HeraldProcess.clusterNode(dir.resolve("node-" + prefix), kafka.bootstrapServers(),
                prefix, "")) {
            node.start();
            assertEquals(0, node.sigterm(Duration.ofSeconds(30)), node.tail());
        }
    }

    Admin admin() {
        return Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));
    }

    @Test
    void kafka_unreachable_at_start_exits_2_naming_the_servers_within_15_s() throws Exception {
        String servers = "127.0.0.1:" + HeraldProcess.freePort() + ",127.0.0.1:" + HeraldProcess.freePort();
        long start = System.nanoTime();
        String line = run(servers, "gone").onlyLine();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals("storage.kafka.bootstrap-servers: cannot reach Kafka at " + servers + " within 10 s", line);
        assertTrue(took.compareTo(Duration.ofSeconds(15)) < 0, "took " + took);
        assertFalse(Files.exists(dir.resolve("data-gone")), "nothing local made before Kafka answered");
    }

    @Test
    void a_new_cluster_gets_its_topics_and_a_node_starts_on_them_and_exits_0_on_sigterm() throws Exception {
        startAndStop("fresh");
        try (Admin admin = admin()) {
            Set<String> names = admin.listTopics().names().get();
            for (String t : List.of("fresh.events", "fresh.deliveries", "fresh.delivery-state", "fresh.subscriptions",
                    "fresh.nodes")) {
                assertTrue(names.contains(t), t + " in " + names);
            }
            TopicDescription events = admin.describeTopics(List.of("fresh.events")).allTopicNames().get()
                    .get("fresh.events");
            assertEquals(1, events.partitions().size());
            ConfigResource r = new ConfigResource(ConfigResource.Type.TOPIC, "fresh.events");
            var config = admin.describeConfigs(List.of(r)).all().get().get(r);
            assertEquals(String.valueOf(Duration.ofDays(7).toMillis()), config.get("retention.ms").value());
            assertEquals("86400000", config.get("segment.ms").value());
            assertTrue(Integer.parseInt(config.get("max.message.bytes").value()) > 2 * (1 << 20));
            assertEquals(12, admin.describeTopics(List.of("fresh.deliveries")).allTopicNames().get()
                    .get("fresh.deliveries").partitions().size());
        }
        // a second start finds them all and starts again
        startAndStop("fresh");
    }

    @Test
    void an_events_topic_deleted_behind_heralds_back_is_refused_by_name_not_recreated_empty() throws Exception {
        startAndStop("lost");
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("lost.subscriptions", "s1", "{}")).get();
        }
        try (Admin admin = admin()) {
            admin.deleteTopics(List.of("lost.events")).all().get();
        }
        String line = run(kafka.bootstrapServers(), "lost").refusal();
        assertTrue(line.startsWith("Kafka topic lost.events on " + kafka.bootstrapServers() + " is missing while "),
                line);
        assertTrue(line.contains("deleted behind Herald's back?"), line);
        try (Admin admin = admin()) {
            assertFalse(admin.listTopics().names().get().contains("lost.events"), "not recreated");
        }
    }

    @Test
    void the_broker_comes_back_on_the_same_servers_after_a_stop() throws Exception {
        String servers = kafka.bootstrapServers();
        kafka.stop();
        try {
            assertEquals("storage.kafka.bootstrap-servers: cannot reach Kafka at " + servers + " within 10 s",
                    run(servers, "away").onlyLine());
        } finally {
            kafka.start();
        }
        assertEquals(servers, kafka.bootstrapServers());
        startAndStop("away");
    }
}
