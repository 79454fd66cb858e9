package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.KafkaConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterTopicsTest {
    static final KafkaConfig KAFKA = new KafkaConfig("k1:9092", "prod.herald", Map.of());

    @Test
    void the_events_topic_is_one_partition_so_seq_is_its_offset_plus_one() {
        TopicSpec events = ClusterTopics.all(KAFKA, Duration.ofDays(7), 1 << 20).get(0);
        assertEquals("prod.herald.events", events.name());
        assertEquals(1, events.partitions());
        assertEquals("delete", events.configs().get("cleanup.policy"));
        assertEquals(String.valueOf(Duration.ofDays(7).toMillis()), events.configs().get("retention.ms"));
        assertEquals("LogAppendTime", events.configs().get("message.timestamp.type"));
    }

    @Test
    void every_topic_has_its_name_partitions_and_policy() {
        List<TopicSpec> all = ClusterTopics.all(KAFKA, Duration.ofDays(7), 1 << 20);
        assertEquals(List.of("prod.herald.events", "prod.herald.deliveries", "prod.herald.delivery-state",
                "prod.herald.subscriptions", "prod.herald.nodes"), all.stream().map(TopicSpec::name).toList());
        assertEquals(List.of(1, 12, 12, 1, 1), all.stream().map(TopicSpec::partitions).toList());
        assertEquals(List.of(false, false, true, true, true), all.stream().map(TopicSpec::compacted).toList());
        assertEquals("prod.herald.delivery", ClusterTopics.deliveryGroup(KAFKA));
    }

    @Test
    void events_and_attempts_go_after_storage_retention_and_the_compacted_state_never_expires() {
        Duration retention = Duration.ofHours(36);
        for (TopicSpec t : ClusterTopics.all(KAFKA, retention, 1 << 20)) {
            if (t.compacted()) {
                assertEquals("compact", t.configs().get("cleanup.policy"), t.name());
                assertNull(t.configs().get("retention.ms"), t.name() + ": the latest value per key stays, whatever its age");
            } else {
                assertEquals("delete", t.configs().get("cleanup.policy"), t.name());
                assertEquals(String.valueOf(retention.toMillis()), t.configs().get("retention.ms"), t.name());
                assertEquals(String.valueOf(Duration.ofHours(9).toMillis()), t.configs().get("segment.ms"), t.name());
            }
        }
        assertEquals(List.of("prod.herald.events", "prod.herald.deliveries"), ClusterTopics.all(KAFKA, retention, 1 << 20)
                .stream().filter(t -> !t.compacted()).map(TopicSpec::name).toList());
    }

    @Test
    void a_1_mb_event_fits_the_topic_and_the_producer() {
        int limit = ClusterTopics.recordLimit(1 << 20);
        assertTrue(limit > 2 * (1 << 20), "a 1 MB body escaped as a JSON string, plus the envelope: " + limit);
        for (TopicSpec t : ClusterTopics.all(KAFKA, Duration.ofDays(7), 1 << 20)) {
            assertEquals(String.valueOf(limit), t.configs().get("max.message.bytes"), t.name());
        }
        assertEquals(limit, KafkaClients.producer(KAFKA, "t", 1 << 20).get("max.request.size"));
    }

    @Test
    void segments_roll_often_enough_for_retention_to_bite() {
        assertEquals(Duration.ofDays(1), ClusterTopics.segment(Duration.ofDays(7)));
        assertEquals(Duration.ofHours(6), ClusterTopics.segment(Duration.ofDays(1)));
        assertEquals(Duration.ofSeconds(15), ClusterTopics.segment(Duration.ofMinutes(1)));
        assertEquals(Duration.ofSeconds(1), ClusterTopics.segment(Duration.ofMillis(500)));
        TopicSpec events = ClusterTopics.all(KAFKA, Duration.ofMinutes(1), 1 << 20).get(0);
        assertEquals("15000", events.configs().get("segment.ms"));
    }

    @Test
    void the_users_properties_never_replace_what_herald_rests_on() {
        KafkaConfig k = new KafkaConfig("k1:9092", "herald", Map.of("security.protocol", "SSL", "client.id", "mine"));
        Map<String, Object> p = KafkaClients.producer(k, "herald-node", 1 << 20);
        assertEquals("all", p.get("acks"));
        assertEquals(true, p.get("enable.idempotence"));
        assertEquals("SSL", p.get("security.protocol"));
        assertEquals("mine", p.get("client.id"));
        assertEquals("k1:9092", p.get("bootstrap.servers"));
        Map<String, Object> member = KafkaClients.deliveryMember(k, "herald-node", 1 << 20);
        assertEquals("classic", member.get("group.protocol"), "the new protocol's 45 s session floor exceeds 30 s");
        assertEquals(10_000, member.get("session.timeout.ms"));
        assertEquals("herald.delivery", member.get("group.id"));
    }
}
