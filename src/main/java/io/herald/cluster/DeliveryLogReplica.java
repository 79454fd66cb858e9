package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.delivery.AttemptRecord;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code cluster-delivery-log}: reads every partition of {@code PREFIX.deliveries} (assigned, no group) and appends
 * each record to this node's local {@link DeliveryStore}, each partition in its order. A record's {@code prev} is
 * rewritten to the local position of its delivery's record before (positions are each node's own).
 *
 * <p>Where it got to ({@link DeliveryOffsets}): after each batch, the local position of the last record applied
 * and the next offset of each partition. After a crash the local store may hold records beyond that position,
 * applied but not noted: {@link #recover} counts them per partition (a record's partition is its subscription's),
 * and the reader passes over as many at the head of each partition, so no record is applied twice.
 */
final class DeliveryLogReplica implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLogReplica.class);

    /** Told of each record applied. */
    interface Applied {
        /**
         * @param token the writer's token, or null
         * @param entry the record as applied here, at its local position
         * @param reopens a REQUEUE of a delivery that was final (or unknown) here: it is to be sent again; a REQUEUE
         *                of a pending one only asks its owner to make it due now
         */
        void applied(String token, DeliveryStore.Entry entry, boolean reopens);
    }

    private final String topic;
    private final DeliveryStore local;
    private final DeliveryOffsets offsets;
    private final Applied applied;
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaConsumer<String, byte[]> ends;
    private final Thread thread;
    private final int partitions = ClusterTopics.DELIVERY_PARTITIONS;
    /** the reader's alone */
    private final long[] next = new long[partitions];
    private final int[] skip = new int[partitions];
    private final Map<DeliveryId, Long> lastLocal = new HashMap<>();
    private long position;
    /** what the reader has applied: the next offset per partition; guarded by this */
    private final long[] done = new long[partitions];
    private volatile boolean running = true;

    DeliveryLogReplica(KafkaConfig kafka, String node, DeliveryStore local, Path offsetsFile, long maxBody,
                       Applied applied) {
        this.topic = ClusterTopics.deliveries(kafka);
        this.local = local;
        this.offsets = new DeliveryOffsets(offsetsFile, partitions);
        this.applied = applied;
        Map<String, Object> reader = new HashMap<>(KafkaClients.reader(kafka, "herald-delivery-log-" + node, maxBody));
        // where it got to may have gone with Kafka's retention: read on from the oldest record kept, never the end
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(reader);
        this.ends = new KafkaConsumer<>(KafkaClients.reader(kafka, "herald-delivery-ends-" + node, maxBody));
        this.thread = new Thread(this::run, "cluster-delivery-log");
        thread.setDaemon(true);
    }

    /** Reads the local store (showing each record to {@code visitor}) and works out where to read Kafka from. */
    void recover(Consumer<DeliveryStore.Entry> visitor) {
        DeliveryOffsets.Saved saved = offsets.read();
        System.arraycopy(saved.next(), 0, next, 0, partitions);
        position = saved.position();
        local.recover(e -> {
            AttemptRecord r = e.record();
            if (e.position() > saved.position()) {
                skip[DeliveryPartitions.of(r.delivery().subscriptionId(), partitions)]++;
                position = Math.max(position, e.position());
            }
            remember(r, e.position());
            visitor.accept(e);
        });
        for (int p = 0; p < partitions; p++) {
            if (skip[p] > 0) log.info("delivery_log_resume partition={} offset={} applied_beyond={}", p, next[p], skip[p]);
        }
    }

    void start() {
        List<TopicPartition> all = DeliveryRecords.all().stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(all);
        for (TopicPartition tp : all) consumer.seek(tp, next[tp.partition()]);
        synchronized (this) {
            System.arraycopy(next, 0, done, 0, partitions);
        }
        thread.start();
    }

    /** The error boundary: a local write that fails is tried again from the same record; the loop goes on. */
    private void run() {
        try {
            while (running) {
                try {
                    boolean any = false;
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                        apply(r);
                        any = true;
                    }
                    if (any) saveAndTell();
                } catch (WakeupException e) {
                    return;
                } catch (RuntimeException e) {
                    log.warn("delivery_log_apply_failed topic={} reason=\"{}\" (will apply again from where it stopped)",
                            topic, e.getMessage());
                    for (int p = 0; p < partitions; p++) consumer.seek(new TopicPartition(topic, p), next[p]);
                    saveAndTell();
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
        int p = r.partition();
        if (skip[p] > 0) { // applied before a crash, and not noted
            skip[p]--;
            next[p] = r.offset() + 1;
            return;
        }
        AttemptRecord rec;
        try {
            rec = AttemptRecord.decode(r.value());
        } catch (RuntimeException e) {
            log.error("delivery_record_unreadable topic={} partition={} offset={} (skipped)", topic, p, r.offset(), e);
            next[p] = r.offset() + 1;
            return;
        }
        boolean reopens = false;
        if (rec.kind() == AttemptRecord.Kind.REQUEUE) {
            DeliveryStore.Entry before = local.latest(rec.delivery());
            reopens = before == null || before.record().status().terminal();
        }
        AttemptRecord here = withLocalPrev(rec);
        long pos = local.append(here);
        remember(rec, pos);
        position = pos;
        next[p] = r.offset() + 1;
        Header writer = r.headers().lastHeader(DeliveryRecords.WRITER);
        applied.applied(writer == null ? null : new String(writer.value(), StandardCharsets.UTF_8),
                new DeliveryStore.Entry(pos, here), reopens);
    }

    /** The owner's prev is its own store's position; here it is this store's. 0 stays 0: the delivery's first. */
    private AttemptRecord withLocalPrev(AttemptRecord r) {
        long prev = 0;
        if (r.prev() != 0) {
            Long known = lastLocal.get(r.delivery());
            if (known != null) {
                prev = known;
            } else { // a delivery final before this node started (a requeue): found in the store
                DeliveryStore.Entry e = local.latest(r.delivery());
                prev = e == null ? 0 : e.position();
            }
        }
        return new AttemptRecord(r.delivery(), r.eventId(), r.kind(), r.attempts(), r.base(), r.at(), r.statusCode(),
                r.durationMs(), r.error(), r.response(), r.status(), r.nextAttemptAt(), prev);
    }

    /** Open deliveries only: a final one is found in the store if it is ever requeued. */
    private void remember(AttemptRecord r, long pos) {
        if (r.status().terminal()) lastLocal.remove(r.delivery());
        else lastLocal.put(r.delivery(), pos);
    }

    private void saveAndTell() {
        offsets.write(position, next);
        synchronized (this) {
            System.arraycopy(next, 0, done, 0, partitions);
            notifyAll();
        }
    }

    /** See {@link DeliveryRecords#awaitApplied}. */
    boolean awaitApplied(Set<Integer> wanted, Duration timeout) {
        Map<TopicPartition, Long> end;
        synchronized (ends) {
            end = ends.endOffsets(wanted.stream().map(p -> new TopicPartition(topic, p)).toList(), timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                boolean all = end.entrySet().stream().allMatch(e -> done[e.getKey().partition()] >= e.getValue());
                if (all) return true;
                long left = deadline - System.nanoTime();
                if (left <= 0) return false;
                try {
                    TimeUnit.NANOSECONDS.timedWait(this, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
    }

    @Override
    public void close() {
        running = false;
        ReaderThreads.stop(thread, consumer);
        synchronized (ends) {
            ends.close(Duration.ZERO);
        }
    }
}
