package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.core.HeraldException;
import io.herald.ingest.Ingest;
import io.herald.ingest.Outcome;
import io.herald.journal.Journal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the local journal a replica of {@code PREFIX.events}: one thread ({@code cluster-events-replica}) reads
 * the topic from the local journal's position and hands each record to {@link Ingest#apply} at seq = offset + 1,
 * with the record's (broker) time as createdAt. Every node applies the same records in the same order with the
 * same decision, so every node holds the same events; the records the decision rejects leave gaps in seq.
 *
 * <p>The same thread watches Kafka every {@link #CHECK_EVERY}: {@link #problem()} names an unreachable Kafka or a
 * deleted events topic, which /health shows and {@link KafkaEvents} answers 503 for. It clears by itself when
 * Kafka answers again, and the reading goes on from where it stopped.
 */
public final class EventsReplica implements AutoCloseable {
    static final Duration CHECK_EVERY = Duration.ofSeconds(2);
    static final Duration CHECK_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration RETRY_APPLY = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(EventsReplica.class);

    private final KafkaConfig kafka;
    private final String topic;
    private final Ingest ingest;
    private final Journal journal;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    /** the poster's token -> its answer, completed when this replica applied the record (KafkaEvents) */
    private final Map<String, CompletableFuture<Outcome>> waiting = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile boolean started;
    private volatile String problem;
    private volatile long appliedOffset = -1;
    private long nextCheck;

    public EventsReplica(KafkaConfig kafka, long maxBody, Ingest ingest, Journal journal, String node) {
        this.kafka = kafka;
        this.topic = ClusterTopics.events(kafka);
        this.ingest = ingest;
        this.journal = journal;
        Map<String, Object> props = KafkaClients.reader(kafka, "herald-events-" + node, maxBody);
        // past what retention kept (a node down longer than storage.retention): on from the oldest record left
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props);
        this.thread = new Thread(this::run, "cluster-events-replica");
        thread.setDaemon(true);
    }

    /** Starts following the topic; ingest has recovered the local journal before. */
    public EventsReplica start() {
        started = true;
        thread.start();
        return this;
    }

    /** Why events cannot be stored now (Kafka unreachable, the topic deleted), or null when they can. */
    public String problem() {
        return problem;
    }

    /** The offset of the newest record this node applied (or rejected), -1 before the first. */
    public long appliedOffset() {
        return appliedOffset;
    }

    /** Registers interest in the record carrying {@code origin}: the future completes once this node applied it. */
    CompletableFuture<Outcome> expect(String origin) {
        CompletableFuture<Outcome> f = new CompletableFuture<>();
        waiting.put(origin, f);
        return f;
    }

    void forget(String origin) {
        waiting.remove(origin);
    }

    /** The error boundary: an outage or a bad record is logged, and the loop goes on. */
    private void run() {
        TopicPartition p = new TopicPartition(topic, 0);
        try {
            consumer.assign(List.of(p));
            long from = journal.lastSeq(); // seq s is offset s - 1: the next record to apply is offset lastSeq
            appliedOffset = from - 1;
            consumer.seek(p, from);
            log.info("events_replica_started topic={} fromOffset={}", topic, from);
            while (running) {
                try {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                        if (!apply(r)) {
                            consumer.seek(p, r.offset()); // the local journal refused it: the same record again
                            sleep(RETRY_APPLY);
                            break;
                        }
                    }
                    check();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("events_replica_failed topic={} reason=\"{}\" (will keep reading)", topic, e.toString());
                    sleep(RETRY_APPLY);
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            waiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("stopping")));
            consumer.close(Duration.ofSeconds(1));
        }
    }

    /** Applies one record; false when the local journal could not take it (it is read again). */
    private boolean apply(ConsumerRecord<String, byte[]> r) {
        long seq = r.offset() + 1;
        if (seq <= journal.lastSeq()) return true; // applied before (read again after a seek)
        if (appliedOffset >= 0 && r.offset() > appliedOffset + 1) {
            log.warn("events_replica_gap topic={} fromOffset={} toOffset={} (records this node never applied are no"
                    + " longer in Kafka: retention deleted them)", topic, appliedOffset + 1, r.offset() - 1);
        }
        EventRecords.Read read;
        try {
            read = EventRecords.decode(r.value());
        } catch (IllegalArgumentException e) {
            log.error("events_record_unreadable topic={} offset={} reason=\"{}\" (skipped on every node: seq {} stays"
                    + " a gap)", topic, r.offset(), e.getMessage(), seq);
            appliedOffset = r.offset();
            return true;
        }
        Outcome o;
        try {
            o = ingest.apply(seq, Instant.ofEpochMilli(r.timestamp()), read.post());
        } catch (HeraldException e) {
            log.warn("events_replica_apply_failed seq={} reason=\"{}\" (will retry)", seq, e.getMessage());
            return false;
        }
        appliedOffset = r.offset();
        CompletableFuture<Outcome> f = read.origin() == null ? null : waiting.remove(read.origin());
        if (f != null) f.complete(o);
        return true;
    }

    /** Is Kafka there, and the topic? Logged once per change, shown in /health. */
    private void check() {
        long now = System.nanoTime();
        if (now - nextCheck < 0) return;
        nextCheck = now + CHECK_EVERY.toNanos();
        String found;
        try {
            found = consumer.listTopics(CHECK_TIMEOUT).containsKey(topic) ? null
                    : "Kafka topic " + topic + " on " + kafka.bootstrapServers() + " is missing (deleted behind"
                    + " Herald's back?); events cannot be stored until it is restored";
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            found = "cannot reach Kafka at " + kafka.bootstrapServers() + " within " + CHECK_TIMEOUT.toSeconds() + " s";
        }
        String was = problem;
        problem = found;
        if (found != null && !found.equals(was)) {
            if (found.startsWith("Kafka topic")) log.error("kafka_topic_missing topic={} reason=\"{}\"", topic, found);
            else log.warn("kafka_unreachable servers={} reason=\"{}\" (events are refused with 503 until it answers)",
                    kafka.bootstrapServers(), found);
        } else if (found == null && was != null) {
            log.info("kafka_reachable servers={} topic={} (events are taken again)", kafka.bootstrapServers(), topic);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(started ? thread : null, consumer);
    }
}
