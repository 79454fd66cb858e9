package io.herald.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.Config;
import io.herald.config.KafkaConfig;
import io.herald.core.Json;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code config_differs} (CONTRACT 11): each node publishes what its config.yaml says about subscriptions and
 * formats ({@link ConfigMaterial}) to the compacted {@code PREFIX.nodes} topic, keyed by node id, and reads every
 * other node's. A node whose material differs from a live other's logs {@code config_differs node=... first_difference=...}
 * at start, after each reload ({@link #publish}) and when another node's changes; {@link #differences()} is what
 * {@code /health} shows. Live: heard from within {@link #LIVE} (each node republishes every {@link #HEARTBEAT});
 * a node that stops cleanly deletes its record.
 *
 * <p>One thread ({@code cluster-node-configs}) owns the consumer and the view of the others; {@link #publish} may
 * be called from any thread.
 */
public final class NodeConfigs implements AutoCloseable {
    static final Duration HEARTBEAT = Duration.ofSeconds(30);
    static final Duration LIVE = HEARTBEAT.multipliedBy(3);
    private static final Logger log = LoggerFactory.getLogger(NodeConfigs.class);

    private record Seen(String digest, SortedMap<String, String> material, Instant at) {}

    private final String node;
    private final String topic;
    private final Clock clock;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private volatile SortedMap<String, String> mine = new TreeMap<>();
    private volatile String myDigest = "";
    private volatile boolean relog = true;
    private volatile boolean running = true;
    private volatile List<String> differences = List.of();
    /** the reader thread's alone */
    private final Map<String, Seen> others = new HashMap<>();
    private final Map<String, String> logged = new HashMap<>();
    private volatile Instant lastPublished = Instant.EPOCH;
    private volatile boolean started;

    public NodeConfigs(KafkaConfig kafka, String node, Clock clock, long maxBody) {
        this.node = node;
        this.topic = ClusterTopics.nodes(kafka);
        this.clock = clock;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "herald-nodes-" + node, maxBody));
        this.consumer = new KafkaConsumer<>(KafkaClients.reader(kafka, "herald-nodes-" + node, maxBody));
        this.thread = new Thread(this::run, "cluster-node-configs");
        thread.setDaemon(true);
    }

    /** Starts reading the other nodes' records; call {@link #publish} first. */
    public NodeConfigs start() {
        started = true;
        thread.start();
        return this;
    }

    /**
     * This node's config, at start and after each reload: written to Kafka (waits for the ack, at most
     * {@link KafkaClients#CONNECT_TIMEOUT}), and every difference with a live node logged again.
     */
    public void publish(Config config) {
        SortedMap<String, String> material = ConfigMaterial.of(config);
        mine = material;
        myDigest = ConfigMaterial.digest(material);
        relog = true;
        write();
    }

    /** What /health shows: one line per live node whose config differs, with the first difference; empty if none. */
    public List<String> differences() {
        return differences;
    }

    private void write() {
        ObjectNode v = Json.MAPPER.createObjectNode();
        v.put("node", node);
        v.put("digest", myDigest);
        v.put("at", clock.instant().toString());
        v.set("material", Json.MAPPER.valueToTree(mine));
        lastPublished = clock.instant();
        try {
            producer.send(new ProducerRecord<>(topic, node, Json.bytes(v)))
                    .get(KafkaClients.CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            log.warn("node_config_publish_failed node={} topic={} reason=\"{}\" (config_differs cannot be checked"
                    + " until it is published)", node, topic, e.getMessage());
        }
    }

    /** The error boundary of the reader: a bad record or a Kafka outage is logged, and the loop goes on. */
    private void run() {
        TopicPartition p = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) read(r);
                    if (Duration.between(lastPublished, clock.instant()).compareTo(HEARTBEAT) >= 0) write();
                    compare();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("node_configs_read_failed topic={} reason=\"{}\" (will keep reading)", topic, e.getMessage());
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void read(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.key().equals(node)) return;
        if (r.value() == null) { // a clean stop
            others.remove(r.key());
            return;
        }
        try {
            JsonNode v = Json.MAPPER.readTree(r.value());
            SortedMap<String, String> material = new TreeMap<>();
            v.path("material").fields().forEachRemaining(e -> material.put(e.getKey(), e.getValue().asText()));
            others.put(r.key(), new Seen(v.path("digest").asText(), material, Instant.parse(v.path("at").asText())));
        } catch (IOException | RuntimeException e) {
            log.warn("node_config_unreadable node={} topic={} offset={} reason=\"{}\"", r.key(), topic, r.offset(),
                    e.getMessage());
        }
    }

    private void compare() {
        boolean again = relog;
        relog = false;
        Instant now = clock.instant();
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Seen> e : new TreeMap<>(others).entrySet()) {
            Seen s = e.getValue();
            String other = e.getKey();
            boolean live = Duration.between(s.at(), now).compareTo(LIVE) <= 0;
            String diff = !live || s.digest().equals(myDigest) ? null
                    : ConfigMaterial.firstDifference(mine, s.material(), other);
            if (diff == null) {
                logged.remove(other);
                continue;
            }
            out.add(other + ": " + diff);
            if (again || !diff.equals(logged.get(other))) {
                log.warn("config_differs node={} first_difference=\"{}\" (config.yaml should be the same file on"
                        + " every node)", other, diff);
                logged.put(other, diff);
            }
        }
        differences = List.copyOf(out);
    }

    /** Deletes this node's record (a node that stopped is not compared with); before {@link #close}, Kafka there. */
    public void forget() {
        producer.send(new ProducerRecord<>(topic, node, null));
    }

    /** Stops reading, and sends what {@link #forget} queued (for at most 5 s). */
    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(started ? thread : null, consumer);
        producer.close(Duration.ofSeconds(5));
    }
}
