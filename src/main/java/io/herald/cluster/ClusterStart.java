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
     * Checks Kafka and makes Herald's topics.
     * @throws ClusterException Kafka unreachable, a topic deleted behind Herald's back, or, in this build, always
     *     after the topics are ready: the Kafka journal is not built yet, and a node that served half of the
     *     contract (a local journal under a cluster config) would lose what the others never see
     */
    public static void prepare(Config config) {
        KafkaConfig kafka = config.storage().kafka();
        List<TopicSpec> specs = ClusterTopics.all(kafka, config.storage().retention(), config.server().maxBody());
        try (KafkaTopics topics = KafkaTopics.connect(kafka, "herald-start")) {
            List<String> created = topics.ensure(specs);
            log.info("kafka_ready servers={} topics_created={}", kafka.bootstrapServers(), created.size());
        }
        throw new ClusterException("storage.kind: kafka: cluster storage is not complete in this build (Kafka at "
                + kafka.bootstrapServers() + " answered and " + kafka.topicPrefix() + ".* topics are ready);"
                + " use storage.kind: local");
    }
}
