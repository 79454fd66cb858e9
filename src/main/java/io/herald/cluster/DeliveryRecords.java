package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.core.HeraldException;
import io.herald.delivery.AttemptRecord;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStatus;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.DeliveryView;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The delivery log in cluster mode (CONTRACT 11): a {@link DeliveryStore} whose records go to
 * {@code PREFIX.deliveries}, keyed by subscription id in the subscription's partition ({@link DeliveryPartitions}),
 * and which every node applies, all partitions, each in its order, to its own local store
 * ({@link DeliveryLogReplica}). So the delivery log and replay answer the same on every node, and the node that
 * takes a subscription over finds in its own store what the old owner finished.
 *
 * <p><b>One path.</b> {@link #append} (the owner's) writes to Kafka only, with acks=all, and returns once this
 * node's reader has applied that very record to the local store: it answers the <em>local</em> position, so
 * read-your-writes and the chain of a delivery's records hold as the interface promises. The owner's record is
 * never written locally by another path, so the local store holds each record once, in the topic's order, on the
 * owner as on every other node. An append that Kafka does not acknowledge in time, or that this node does not
 * apply in time, throws 503 (the record may still land, and is then applied like any other; the caller keeps the
 * delivery open and tries again, so it shows twice at worst).
 *
 * <p>Reads, retention and size are the local store's. {@link #recover} reads the local store, then starts the
 * reader where this node got to.
 */
public final class DeliveryRecords implements DeliveryStore {
    static final String WRITER = "herald-writer";
    static final Duration WAIT = KafkaClients.CONNECT_TIMEOUT;

    private final String topic;
    private final String node;
    private final DeliveryStore local;
    private final KafkaProducer<String, byte[]> producer;
    private final DeliveryLogReplica replica;
    private final Map<String, CompletableFuture<Long>> waiting = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final OpenRequeues requeues = new OpenRequeues();
    /** per subscription: the highest event seq any node recorded an attempt (or skip, or requeue) of */
    private final Map<String, Long> recordedThrough = new ConcurrentHashMap<>();
    private volatile RequeueListener onRequeue = (e, reopens) -> {};

    /**
     * @param local this node's own store, recovered by {@link #recover}; its positions must grow across all
     *              subscriptions together (as {@code ChronicleDeliveryStore}'s journal seqs do): where the reader
     *              got to is kept as such a position
     * @param offsetsFile where the reader got to (storage.dir/deliveries.offsets)
     */
    public DeliveryRecords(KafkaConfig kafka, String node, DeliveryStore local, Path offsetsFile, long maxBody) {
        this.topic = ClusterTopics.deliveries(kafka);
        this.node = node;
        this.local = local;
        this.producer = new KafkaProducer<>(KafkaClients.producer(kafka, "herald-deliveries-" + node, maxBody));
        this.replica = new DeliveryLogReplica(kafka, node, local, offsetsFile, maxBody, this::applied);
    }

    @Override
    public long append(AttemptRecord record) {
        String token = node + ":" + tokens.incrementAndGet();
        CompletableFuture<Long> applied = new CompletableFuture<>();
        waiting.put(token, applied);
        String sub = record.delivery().subscriptionId();
        RecordHeaders headers = new RecordHeaders();
        headers.add(WRITER, token.getBytes(StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + 2 * WAIT.toNanos();
        try {
            producer.send(new ProducerRecord<>(topic, DeliveryPartitions.of(sub), sub, record.encode(), headers))
                    .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return applied.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            throw HeraldException.unavailable("cannot record the delivery attempt of " + record.delivery()
                    + ": Kafka did not acknowledge it, or this node did not apply it, in time (" + e + ")", e);
        } finally {
            waiting.remove(token);
        }
    }

    /** An append is a Kafka round trip and this node's apply of it. */
    @Override
    public boolean appendWaitsOnNetwork() {
        return true;
    }

    /**
     * The reader applied a record: if this node wrote it, its append answers the local position; a requeue by
     * hand (made on any node) is told to {@link #onRequeue}'s listener, after the append it answers.
     */
    private void applied(String token, Entry entry, boolean reopens) {
        seen(entry);
        CompletableFuture<Long> f = token == null ? null : waiting.get(token);
        if (f != null) f.complete(entry.position());
        if (entry.record().kind() == AttemptRecord.Kind.REQUEUE) onRequeue.requeued(entry, reopens);
    }

    private void seen(Entry e) {
        requeues.seen(e);
        recordedThrough.merge(e.record().delivery().subscriptionId(), e.record().delivery().seq(), Math::max);
    }

    /**
     * The highest event seq of the subscription that has a record here (0: none): a new owner looks a delivery up
     * in the log only up to it, since no node can have made one beyond it (a look-up of a delivery that has no
     * record reads the subscription's whole history).
     */
    public long recordedThrough(String subscriptionId) {
        return recordedThrough.getOrDefault(subscriptionId, 0L);
    }

    /** Hears of each delivery requeued by hand, on any node, as the reader applies its record. */
    @FunctionalInterface
    public interface RequeueListener {
        /** @param reopens the delivery was final: send it again; else it was pending: make it due now */
        void requeued(Entry entry, boolean reopens);
    }

    /** Who hears of requeues by hand (the owner queues them). Set before {@link #recover}. */
    public void onRequeue(RequeueListener listener) {
        this.onRequeue = listener;
    }

    /**
     * The deliveries of these partitions requeued by hand and not final since, oldest event first: what a new
     * owner queues, besides what it redoes from the resume points (which a requeue of an older event does not
     * hold back).
     */
    public List<Entry> openRequeues(java.util.Set<Integer> partitions) {
        return requeues.of(partitions);
    }

    @Override
    public void recover(Consumer<Entry> visitor) {
        replica.recover(e -> {
            seen(e);
            visitor.accept(e);
        });
        replica.start();
    }

    /**
     * Waits until this node has applied every record that these partitions held when called: a new owner calls it
     * for its gained partitions before it resumes, so that it sees everything the old owner recorded.
     * @return false when that did not happen within {@code timeout}
     */
    public boolean awaitApplied(java.util.Set<Integer> partitions, Duration timeout) {
        return replica.awaitApplied(partitions, timeout);
    }

    @Override
    public boolean loaded() {
        return local.loaded();
    }

    @Override
    public Entry latest(DeliveryId id) {
        return local.latest(id);
    }

    @Override
    public DeliveryView find(DeliveryId id) {
        return local.find(id);
    }

    @Override
    public DeliveryView story(Entry last) {
        return local.story(last);
    }

    @Override
    public Page list(String subscriptionId, DeliveryStatus status, int limit, long before) {
        return local.list(subscriptionId, status, limit, before);
    }

    @Override
    public void eachDelivery(String subscriptionId, Predicate<Entry> visitor) {
        local.eachDelivery(subscriptionId, visitor);
    }

    @Override
    public int deleteBefore(Instant cutoff) {
        return local.deleteBefore(cutoff);
    }

    @Override
    public long sizeBytes() {
        return local.sizeBytes();
    }

    /** Stops the reader, then closes the producer and the local store. */
    @Override
    public void close() {
        replica.close();
        producer.close(Duration.ofSeconds(5));
        local.close();
    }

    static List<Integer> all() {
        return java.util.stream.IntStream.range(0, ClusterTopics.DELIVERY_PARTITIONS).boxed().toList();
    }
}
