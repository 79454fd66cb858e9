package io.herald.cluster;

import io.herald.config.KafkaConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's topics on the user's Kafka, through the Admin client: reached within a bounded time, created when this
 * is a new cluster (users' brokers usually do not auto-create, GROUND.md), and a topic deleted behind Herald's back
 * refused by name instead of silently recreated empty. Every call waits at most {@link KafkaClients#CONNECT_TIMEOUT}.
 */
public final class KafkaTopics implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(KafkaTopics.class);

    private final KafkaConfig kafka;
    private final Admin admin;

    private KafkaTopics(KafkaConfig kafka, Admin admin) {
        this.kafka = kafka;
        this.admin = admin;
    }

    /**
     * Connects and asks the cluster who it is.
     * @throws ClusterException naming the servers when they cannot be reached in time
     */
    public static KafkaTopics connect(KafkaConfig kafka, String clientId) {
        Admin admin;
        try {
            admin = Admin.create(KafkaClients.admin(kafka, clientId));
        } catch (KafkaException e) { // e.g. no server name resolves: the client refuses at once
            Throwable root = e;
            while (root.getCause() != null) root = root.getCause();
            throw new ClusterException("storage.kafka.bootstrap-servers: cannot reach Kafka at "
                    + kafka.bootstrapServers() + " (" + root.getMessage() + ")", e);
        }
        KafkaTopics topics = new KafkaTopics(kafka, admin);
        try {
            topics.await(admin.describeCluster().clusterId());
            return topics;
        } catch (RuntimeException e) {
            topics.close();
            throw e instanceof ClusterException ? e : unreachable(kafka, e);
        }
    }

    /**
     * Makes sure every topic of {@code specs} exists: all of them are created when none exists (a new cluster), or
     * when those that exist are still empty (a first start that stopped half-way). Otherwise a missing topic was
     * deleted behind Herald's back, and its records with it: refused by name, never recreated empty.
     *
     * @return the topics this call created
     * @throws ClusterException for a deleted topic, a topic shaped differently (partitions), or Kafka unreachable
     */
    public List<String> ensure(List<TopicSpec> specs) {
        Map<String, TopicDescription> existing = describe(specs.stream().map(TopicSpec::name).toList());
        List<TopicSpec> missing = specs.stream().filter(s -> !existing.containsKey(s.name())).toList();
        for (TopicSpec s : specs) {
            TopicDescription d = existing.get(s.name());
            if (d != null && s.partitions() == 1 && d.partitions().size() != 1) {
                throw new ClusterException("Kafka topic " + s.name() + " has " + d.partitions().size()
                        + " partitions; Herald needs exactly 1 (one order for every node)");
            }
        }
        if (missing.isEmpty()) return List.of();
        if (!existing.isEmpty() && records(existing.values()) > 0) {
            throw new ClusterException("Kafka topic " + String.join(", ", names(missing)) + " on "
                    + kafka.bootstrapServers() + " is missing while " + String.join(", ", existing.keySet())
                    + " exist with records: deleted behind Herald's back? Herald does not recreate it empty; restore"
                    + " it, or delete all of " + kafka.topicPrefix() + ".* to start the cluster empty");
        }
        create(missing);
        return names(missing);
    }

    /**
     * Which of these topics no longer exist; for the checks that run while Herald serves.
     * @throws ClusterException when Kafka cannot be reached in time
     */
    public List<String> missing(Collection<String> names) {
        Map<String, TopicDescription> existing = describe(names);
        return names.stream().filter(n -> !existing.containsKey(n)).toList();
    }

    private void create(List<TopicSpec> specs) {
        List<NewTopic> topics = specs.stream().map(s -> new NewTopic(s.name(), java.util.Optional.of(s.partitions()),
                java.util.Optional.empty()).configs(s.configs())).toList();
        var result = admin.createTopics(topics);
        for (TopicSpec s : specs) {
            try {
                await(result.values().get(s.name()));
                log.info("kafka_topic_created topic={} partitions={} servers={}", s.name(), s.partitions(),
                        kafka.bootstrapServers());
            } catch (ClusterException e) {
                if (!(e.getCause() instanceof TopicExistsException)) throw e; // another node was first: the same topic
            }
        }
    }

    private Map<String, TopicDescription> describe(Collection<String> names) {
        Set<String> listed = await(admin.listTopics().names());
        List<String> present = names.stream().filter(listed::contains).toList();
        if (present.isEmpty()) return Map.of();
        return new HashMap<>(await(admin.describeTopics(present).allTopicNames()));
    }

    /** Records in these topics now (end offsets; 0 for topics never written to). */
    private long records(Collection<TopicDescription> topics) {
        Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
        for (TopicDescription d : topics) {
            d.partitions().forEach(p -> ends.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest()));
        }
        return await(admin.listOffsets(ends).all()).values().stream().mapToLong(i -> i.offset()).sum();
    }

    private <T> T await(KafkaFuture<T> future) {
        try {
            return future.get(KafkaClients.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(kafka, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException) throw unreachable(kafka, cause);
            throw new ClusterException("Kafka at " + kafka.bootstrapServers() + " refused: " + cause.getMessage(), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted waiting for Kafka at " + kafka.bootstrapServers());
        }
    }

    static ClusterException unreachable(KafkaConfig kafka, Throwable cause) {
        return new ClusterException("storage.kafka.bootstrap-servers: cannot reach Kafka at " + kafka.bootstrapServers()
                + " within " + KafkaClients.CONNECT_TIMEOUT.toSeconds() + " s", cause);
    }

    private static List<String> names(List<TopicSpec> specs) {
        return new ArrayList<>(specs.stream().map(TopicSpec::name).toList());
    }

    /** Briefly: after a timeout the Admin would otherwise wait for its own pending calls as long again. */
    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
