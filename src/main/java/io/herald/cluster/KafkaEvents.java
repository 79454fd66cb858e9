package io.herald.cluster;

import io.herald.config.KafkaConfig;
import io.herald.core.HeraldException;
import io.herald.ingest.Accepted;
import io.herald.ingest.Ingest;
import io.herald.ingest.NewEvent;
import io.herald.ingest.Outcome;
import io.herald.ingest.Post;
import io.herald.ingest.Poster;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * POST in cluster mode (CONTRACT 11): validated posts go to {@code PREFIX.events} and are answered from what this
 * node's {@link EventsReplica} decided when it applied them, so the answer (202, 200 duplicate, 409) is the one
 * every node holds. A repeat this node already sees is answered at once, without a record.
 *
 * <p>Bounded: Kafka has {@link #SEND_TIMEOUT} to acknowledge (acks=all), then the local replica
 * {@link #APPLY_TIMEOUT} to apply. Either missed is a 503: "not acknowledged" means the record may still land, and
 * is then applied like any other (a retry with the same Idempotency-Key or producer id is then a duplicate).
 */
public final class KafkaEvents implements Poster, AutoCloseable {
    static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);
    static final Duration APPLY_TIMEOUT = Duration.ofSeconds(10);

    private final KafkaConfig kafka;
    private final String topic;
    private final Ingest ingest;
    private final EventsReplica replica;
    private final KafkaProducer<String, byte[]> producer;
    private final SecureRandom random = new SecureRandom();
    /** this process's records: unique across nodes and restarts, so a replica finds only its own poster's */
    private final String originPrefix = UUID.randomUUID() + ":";
    private final AtomicLong sent = new AtomicLong();

    public KafkaEvents(KafkaConfig kafka, long maxBody, Ingest ingest, EventsReplica replica, String node) {
        this.kafka = kafka;
        this.topic = ClusterTopics.events(kafka);
        this.ingest = ingest;
        this.replica = replica;
        Map<String, Object> p = KafkaClients.producer(kafka, "herald-events-" + node, maxBody);
        int ms = (int) SEND_TIMEOUT.toMillis();
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, ms); // waiting for metadata when the broker is away
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, ms);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, ms / 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        this.producer = new KafkaProducer<>(p);
    }

    /** False: a post waits for Kafka's acknowledgement and the replica's apply. */
    @Override
    public boolean answersLocally() {
        return false;
    }

    @Override
    public List<Accepted> postAll(List<NewEvent> events, List<String> headerKeys, boolean batch) {
        String problem = replica.problem();
        if (problem != null) throw HeraldException.unavailable(problem, null);
        List<Post> posts = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            posts.add(Post.of(events.get(i), headerKeys == null ? null : headerKeys.get(i), random));
        }
        List<Accepted> answers = new ArrayList<>(ingest.visibleRepeats(posts, batch));
        List<String> origins = new ArrayList<>();
        List<CompletableFuture<Outcome>> applied = new ArrayList<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        try {
            for (int i = 0; i < posts.size(); i++) {
                if (answers.get(i) != null) {
                    origins.add(null);
                    applied.add(null);
                    continue;
                }
                String origin = originPrefix + sent.incrementAndGet();
                origins.add(origin);
                applied.add(replica.expect(origin));
                acks.add(producer.send(new ProducerRecord<>(topic, EventRecords.encode(posts.get(i), origin))));
            }
            long deadline = System.nanoTime() + SEND_TIMEOUT.toNanos();
            for (Future<RecordMetadata> ack : acks) await(ack, deadline, "acknowledge");
            deadline = System.nanoTime() + APPLY_TIMEOUT.toNanos();
            List<HeraldException.Detail> refused = new ArrayList<>();
            for (int i = 0; i < posts.size(); i++) {
                if (applied.get(i) == null) continue;
                Outcome o = await(applied.get(i), deadline, "apply");
                if (o.conflict() != null) refused.add(new HeraldException.Detail(i, o.conflict()));
                answers.set(i, o.accepted());
            }
            if (refused.isEmpty()) return answers;
            if (!batch) throw HeraldException.conflict(refused.get(0).message());
            // another node's event took the id between this node's check and the log: only these were refused
            throw new HeraldException(409, "conflict", refused.size() + " of " + events.size() + " events reuse the"
                    + " id of another event and were not accepted; the others were (post them again for their"
                    + " answers: they are duplicates now)", refused, null);
        } finally {
            origins.forEach(o -> {
                if (o != null) replica.forget(o);
            });
        }
    }

    private <T> T await(Future<T> f, long deadline, String what) {
        try {
            return f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            String why = what.equals("acknowledge")
                    ? "Kafka at " + kafka.bootstrapServers() + " did not acknowledge the event within "
                    + SEND_TIMEOUT.toSeconds() + " s (not acknowledged: it may still be stored, and is then kept)"
                    : "Kafka stored the event but this node did not apply it within " + APPLY_TIMEOUT.toSeconds()
                    + " s (it will; post it again with the same Idempotency-Key or id for its answer)";
            throw HeraldException.unavailable(why, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw HeraldException.unavailable("interrupted waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
