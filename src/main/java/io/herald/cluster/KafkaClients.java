package io.herald.cluster;

import io.herald.config.KafkaConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The properties of every Kafka client Herald makes: the user's {@code storage.kafka.properties} first, then what
 * Herald's guarantees rest on, which config validation already forbids the user to set (KafkaConfig.RESERVED).
 * Keys are UTF-8 strings (a subscription id, a node id), values bytes (JSON that Herald writes and reads itself).
 */
public final class KafkaClients {
    /** How long start-up waits for Kafka before it says which servers it could not reach. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * The classic group protocol, not KIP-848's: the new protocol's broker-side session timeout is at least 45 s
     * on default brokers (GROUND.md), longer than the 30 s in which a dead node's deliveries must be taken over.
     * 10 s leaves the rebalance and the state read 20 s.
     */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration HEARTBEAT = Duration.ofSeconds(3);

    private KafkaClients() {}

    static Map<String, Object> common(KafkaConfig k, String clientId) {
        Map<String, Object> p = new HashMap<>(k.properties());
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, k.bootstrapServers());
        p.putIfAbsent(CommonClientConfigs.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    /** For topic checks and creation: every call bounded by {@link #CONNECT_TIMEOUT}. */
    public static Map<String, Object> admin(KafkaConfig k, String clientId) {
        Map<String, Object> p = common(k, clientId);
        int ms = (int) CONNECT_TIMEOUT.toMillis();
        p.putIfAbsent(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, ms);
        p.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, ms);
        return p;
    }

    /**
     * acks=all with idempotence: a 202 means every in-sync replica has the event, and a retried send is never
     * written twice or out of order. One request in flight per broker, not Kafka's 5: on a partition just created, a
     * first request refused with NOT_LEADER_OR_FOLLOWER (the broker had not applied the new partition yet) while a
     * second one was accepted is then retried with OUT_OF_ORDER_SEQUENCE_NUMBER until it times out, and its records
     * are lost (KAFKA-15591; seen in KafkaDeliveryStoreIT on Kafka 4.4: a delivery record not acknowledged in 10 s).
     * Sends made while one is in flight still go together in the next request.
     * max.request.size fits the largest record ({@link ClusterTopics#recordLimit}).
     */
    public static Map<String, Object> producer(KafkaConfig k, String clientId, long maxBody) {
        Map<String, Object> p = common(k, clientId);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, ClusterTopics.recordLimit(maxBody));
        // a send waits this long at most for metadata when Kafka is away (the default, 60 s, held a SIGTERM as long)
        p.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) CONNECT_TIMEOUT.toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    /** A consumer that reads by assignment (no group): every node reads the events and the compacted topics whole. */
    public static Map<String, Object> reader(KafkaConfig k, String clientId, long maxBody) {
        Map<String, Object> p = common(k, clientId);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.putIfAbsent(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, ClusterTopics.recordLimit(maxBody));
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return p;
    }

    /** A member of the delivery group ({@link ClusterTopics#deliveryGroup}); it commits its own progress. */
    public static Map<String, Object> deliveryMember(KafkaConfig k, String clientId, long maxBody) {
        Map<String, Object> p = reader(k, clientId, maxBody);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, ClusterTopics.deliveryGroup(k));
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.putIfAbsent(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        p.putIfAbsent(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) HEARTBEAT.toMillis());
        // a rebalance moves only the partitions that change owner; the others keep delivering
        p.putIfAbsent(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                "org.apache.kafka.clients.consumer.CooperativeStickyAssignor");
        return p;
    }
}
