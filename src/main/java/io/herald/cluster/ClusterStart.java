package io.herald.cluster;

import io.herald.config.Config;
import io.herald.config.KafkaConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up with {@code storage.kind: kafka}, before anything else opens: Kafka must answer within
 * {@link KafkaClients#CONNECT_TIMEOUT}, and Herald's topics must exist (created on a new cluster).
 */
public final class ClusterStart {
    private static final Logger log = LoggerFactory.getLogger(ClusterStart.class);

    private ClusterStart() {}

    /**
     * Checks Kafka and makes Herald's topics; then the app wires {@link EventsReplica} and {@link KafkaEvents}.
     * @throws ClusterException Kafka unreachable, a topic deleted behind Herald's back or shaped differently
     */
    public static void prepare(Config config) {
        KafkaConfig kafka = config.storage().kafka();
        List<TopicSpec> specs = ClusterTopics.all(kafka, config.storage().retention(), config.server().maxBody());
        try (KafkaTopics topics = KafkaTopics.connect(kafka, "herald-start")) {
            List<String> created = topics.ensure(specs);
            log.info("kafka_ready servers={} topics_created={}", kafka.bootstrapServers(), created.size());
        }
    }

    /** The node's name among the others (config_differs, client ids): server.public-url, else host:port. */
    public static String nodeId(Config config, int boundPort) {
        String url = config.server().publicUrl();
        return url != null ? url : config.server().host() + ":" + boundPort;
    }
}
