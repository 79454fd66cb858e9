package io.herald.cluster;

import io.herald.config.DeliveryConfig;
import io.herald.config.KafkaConfig;
import io.herald.core.HeraldException;
import io.herald.subscription.ApiSubscription;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionChanges;
import io.herald.subscription.Subscriptions;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * API subscriptions and enable/disable decisions in cluster mode (CONTRACT 11): every change made on any node is a
 * record on {@code PREFIX.subscriptions} (one partition: one order; compacted), and every node applies the records
 * in that order to its own stores through {@link Subscriptions#local()}. A change made here returns once this
 * node applied it (read-your-writes); the others apply it within their next poll (well inside 2 s).
 *
 * <p>Records, keyed so that compaction keeps what each says ({@link SubscriptionRecords}): {@code ID} the whole
 * API subscription (a null value deletes it), {@code ID/override} the enable/disable override (null: none),
 * {@code ID/reset} when its failure count last started again. A delete or a create also clears the two others.
 *
 * <p>Where this node got to is {@code offsetFile} (written after each batch; a batch applied again after a crash
 * changes nothing, every record being a whole value). At start the topic is read from its beginning (it is
 * compacted and small) up to its end before {@link #start} returns: records this node already applied are not
 * applied again, and an API subscription this node holds that the topic no longer does is deleted (its tombstone
 * may have been compacted away while the node was down). One thread, {@code cluster-subscriptions}, applies.
 */
public final class SubscriptionsReplica implements SubscriptionChanges, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionsReplica.class);
    static final Duration WAIT = KafkaClients.CONNECT_TIMEOUT;

    private final KafkaConfig kafka;
    private final String topic;
    private final Subscriptions subscriptions;
    private final SubscriptionRecords records;
    private final ReplicaOffset offset;
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Thread thread;
    private final Object appliedLock = new Object();
    /** the next offset to apply; guarded by appliedLock */
    private long next;
    private volatile boolean running = true;

    public SubscriptionsReplica(KafkaConfig kafka, String node, Subscriptions subscriptions, DeliveryConfig delivery,
                                Path offsetFile, long maxBody) {
        this.kafka = kafka;
        this.topic = ClusterTopics.subscriptions(kafka);
        this.subscriptions = subscriptions;
        this.records = new SubscriptionRecords(delivery);
        this.offset = new ReplicaOffset(offsetFile);
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "herald-subscriptions-" + node, maxBody));
        this.consumer = new KafkaConsumer<>(KafkaClients.reader(kafka, "herald-subscriptions-" + node, maxBody));
        this.thread = new Thread(this::run, "cluster-subscriptions");
        thread.setDaemon(true);
    }

    /**
     * Reads the topic up to its end, applying what this node has not applied yet, then goes on applying on its
     * thread. Returns once caught up.
     * @throws ClusterException when Kafka does not answer in time
     */
    public SubscriptionsReplica start() {
        TopicPartition p = new TopicPartition(topic, 0);
        long applied = offset.read();
        List<String> live = new ArrayList<>();
        try {
            consumer.assign(List.of(p));
            consumer.seekToBeginning(List.of(p));
            long end = consumer.endOffsets(List.of(p), WAIT).get(p);
            long deadline = System.nanoTime() + WAIT.toNanos() * 3;
            SubscriptionRecords.Live ids = new SubscriptionRecords.Live();
            while (consumer.position(p, WAIT) < end) {
                if (System.nanoTime() > deadline) throw new ClusterException("Kafka topic " + topic + " not read to its"
                        + " end within " + WAIT.multipliedBy(3).toSeconds() + " s");
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ids.see(r.key(), r.value());
                    if (r.offset() >= applied) apply(r);
                }
            }
            live.addAll(ids.ids());
            synchronized (appliedLock) {
                next = end;
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw KafkaTopics.unreachable(kafka, e);
        }
        List<String> gone = subscriptions.all().stream().filter(s -> !s.readOnly()).map(Subscription::id)
                .filter(id -> !live.contains(id)).toList();
        if (!gone.isEmpty()) {
            log.info("subscriptions_replica_removed ids={} reason=\"not in {} (deleted while this node was away)\"",
                    gone, topic);
            subscriptions.local().remove(gone);
        }
        offset.write(next);
        log.info("subscriptions_replica_ready topic={} offset={}", topic, next);
        thread.start();
        return this;
    }

    /** The error boundary: a record that cannot be applied is logged and tried again; the loop goes on. */
    private void run() {
        try {
            while (running) {
                try {
                    long last = -1;
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        apply(r);
                        last = r.offset();
                    }
                    if (last >= 0) {
                        offset.write(last + 1);
                        synchronized (appliedLock) {
                            next = last + 1;
                            appliedLock.notifyAll();
                        }
                    }
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("subscriptions_replica_failed topic={} reason=\"{}\" (will read again from offset {})",
                            topic, e.getMessage(), next);
                    consumer.seek(new TopicPartition(topic, 0), next);
                    ReaderThreads.pause();
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(1));
        }
    }

    private void apply(ConsumerRecord<String, byte[]> r) {
        try {
            records.apply(r.key(), r.value(), subscriptions.local());
        } catch (IllegalArgumentException e) { // a record no Herald wrote: skipped, never stops the others
            log.error("subscriptions_record_unreadable topic={} offset={} key={} reason=\"{}\" (skipped)", topic,
                    r.offset(), r.key(), e.getMessage());
        }
    }

    @Override
    public void put(ApiSubscription s, boolean created) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        if (created) out.addAll(clearState(s.id()));
        out.add(new ProducerRecord<>(topic, s.id(), records.put(s, created)));
        write(out);
    }

    @Override
    public void remove(Collection<String> ids) {
        List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
        for (String id : ids) {
            out.add(new ProducerRecord<>(topic, id, null));
            out.addAll(clearState(id));
        }
        write(out);
    }

    @Override
    public void override(String id, String override) {
        write(List.of(new ProducerRecord<>(topic, SubscriptionRecords.overrideKey(id), records.override(override))));
    }

    @Override
    public void reset(String id, Instant at) {
        write(List.of(new ProducerRecord<>(topic, SubscriptionRecords.resetKey(id), records.reset(at))));
    }

    private List<ProducerRecord<String, byte[]>> clearState(String id) {
        return List.of(new ProducerRecord<>(topic, SubscriptionRecords.overrideKey(id), null),
                new ProducerRecord<>(topic, SubscriptionRecords.resetKey(id), null));
    }

    /** Sends in order (one partition, idempotent producer), waits for the ack, then for this node to apply the last. */
    private void write(List<ProducerRecord<String, byte[]>> out) {
        if (out.isEmpty()) return;
        RecordMetadata last;
        try {
            java.util.concurrent.Future<RecordMetadata> f = null;
            for (ProducerRecord<String, byte[]> r : out) f = producer.send(r);
            last = f.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw HeraldException.unavailable("cannot save the subscription change: Kafka did not acknowledge it in "
                    + WAIT.toSeconds() + " s (it may still be applied)", e);
        }
        awaitApplied(last.offset());
    }

    private void awaitApplied(long offset) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        synchronized (appliedLock) {
            while (next <= offset) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw HeraldException.unavailable("the subscription change is stored in Kafka but this node has"
                            + " not applied it within " + WAIT.toSeconds() + " s; it will show shortly", null);
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(appliedLock, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw HeraldException.unavailable("interrupted waiting for the subscription change", e);
                }
            }
        }
    }

    /** Applies nothing more; changes made here from now on fail. */
    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(thread, consumer);
        producer.close(Duration.ofSeconds(5));
    }
}
