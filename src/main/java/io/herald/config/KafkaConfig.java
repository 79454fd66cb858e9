package io.herald.config;

import java.util.List;
import java.util.Map;

/**
 * {@code storage.kafka:} (CONTRACT 11). {@code properties} go to every Kafka client Herald makes (security.protocol,
 * sasl.*, ...), below the settings Herald's guarantees rest on, which they may not replace ({@link #RESERVED}).
 */
public record KafkaConfig(String bootstrapServers, String topicPrefix, Map<String, String> properties) {
    public static final String DEFAULT_TOPIC_PREFIX = "herald";

    /** What Herald sets itself: acks=all is what a 202 means, and the rest are how it reads and writes. */
    static final List<String> RESERVED = List.of("bootstrap.servers", "acks", "enable.idempotence", "key.serializer",
            "value.serializer", "key.deserializer", "value.deserializer", "group.id", "group.protocol",
            "enable.auto.commit", "isolation.level", "transactional.id");

    public KafkaConfig {
        properties = Map.copyOf(properties);
    }
}
