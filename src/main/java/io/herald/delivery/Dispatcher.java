package io.herald.delivery;

import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import io.herald.core.EventCodec;
import io.herald.core.Loops;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.core.StoredEvent;
import io.herald.format.FormatOptions;
import io.herald.format.Formats;
import io.herald.format.WebhookFormat;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.herald.metrics.Metrics;
import io.herald.core.OpsEvents;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns journaled events into webhook deliveries. Two named threads: {@code dispatch-fanout} tails the journal
 * and makes one delivery per matching subscription; {@code dispatch-pump} starts attempts as workers free up
 * and retries fall due. Attempts complete on the HTTP client's threads ({@link Attempts}).
 *
 * <p>Durability: every attempt's outcome is appended to the delivery log; {@link Checkpoint} remembers the seq
 * below which all deliveries are final. After a crash, fan-out restarts from the checkpoint and the log tells it
 * which deliveries already succeeded and when each retry is due: at least once, and rarely twice.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    private static final long CHECKPOINT_EVERY_MS = 1000;
    /**
     * Fan-out stops reading the journal while this many deliveries are ready and waiting for a worker: a backlog
     * stays in the journal instead of the heap.
     */
    static final int MAX_READY = 50_000;

    private final Journal events;
    private final DeliveryLog deliveryLog;
    private final Subscriptions subscriptions;
    private final Supplier<Formats> formats;
    private final Clock clock;
    private final Signal appended;
    private final RecentEvents recent;
    private final Checkpoint checkpoint;
    private final IntSupplier workers;
    private final Attempts attempts;

    private final Lanes lanes = new Lanes();
    private final FanOutProgress progress = new FanOutProgress();
    /** open fan-out deliveries per event seq; its first key holds the checkpoint back */
    private final TreeMap<Long, Integer> openBySeq = new TreeMap<>();
    private long fannedOutTo;
    private long checkpointed = -1;
    private volatile Resume resume = new Resume(0, 0);
    /** newest log record of each delivery of an event not yet fanned out again after a restart */
    private Map<DeliveryId, DeliveryLog.Entry> recovered = new HashMap<>();
    private volatile boolean stopping;
    private Thread loader;
    private Thread fanout;
    private Thread pump;
    private volatile Consumer<RuntimeException> onLoadFailed =
            e -> log.error("delivery_log_unreadable; deliveries stay stopped until a restart", e);

    public Dispatcher(Journal events, DeliveryLog deliveryLog, Subscriptions subscriptions, Supplier<Formats> formats,
                      Sender sender, Clock clock, Signal appended, RecentEvents recent,
                      java.nio.file.Path checkpointFile,
                      IntSupplier workers, java.util.random.RandomGenerator random, Metrics metrics, OpsEvents ops) {
        this.events = events;
        this.deliveryLog = deliveryLog;
        this.subscriptions = subscriptions;
        this.formats = formats;
        this.clock = clock;
        this.appended = appended;
        this.recent = recent;
        this.checkpoint = new Checkpoint(checkpointFile);
        this.workers = workers;
        this.attempts = new Attempts(this, sender, events, deliveryLog, subscriptions, formats, clock, random, metrics,
                ops);
    }

    /**
     * Reads the checkpoint, rebuilding a damaged one and clamping one beyond the journal's end ({@link Checkpoint}).
     * Starts nothing: the owner calls it before it binds its port, so that what is read at start fails first.
     * @throws io.herald.core.StateException when the checkpoint can be neither read nor repaired
     */
    public void recover() {
        Resume r = checkpoint.read(events.lastSeq());
        synchronized (this) {
            resume = r;
            fannedOutTo = r.after();
            checkpointed = r.after();
        }
    }

    /**
     * Starts the webhook client, then {@code dispatch-loader}, which reads the delivery log and then starts
     * fan-out and the pump. Loading in the background lets Herald take events at once after a restart, however
     * long the log (events wait in the journal meanwhile). Deliveries of events after the checkpoint are picked
     * up by fan-out; older ones still pending were requeued by hand and are queued by the loader. Call after
     * {@link #recover}.
     */
    public void start() {
        attempts.startSender();
        loader = new Thread(this::load, "dispatch-loader");
        loader.start();
    }

    /**
     * Who hears that the delivery log could not be read at start (deliveries cannot start without it). By default
     * it is logged and deliveries stay stopped; {@code App} stops Herald instead. Set before {@link #start}.
     */
    public void onLoadFailed(Consumer<RuntimeException> handler) {
        this.onLoadFailed = handler;
    }

    private void load() {
        long t0 = System.nanoTime();
        Recovery found;
        try {
            found = Recovery.read(deliveryLog, subscriptions, fannedOutTo, () -> stopping);
        } catch (RuntimeException e) {
            onLoadFailed.accept(e);
            return;
        }
        if (found == null) return;
        Instant now = clock.instant();
        synchronized (this) {
            recovered = found.recovered();
            found.requeued().values().forEach(e -> lanes.add(Delivery.resume(e, false, now), now));
            if (stopping) return;
            fanout = Loops.start("dispatch-fanout", false, () -> stopping, this::fanOutLoop);
            pump = Loops.start("dispatch-pump", false, () -> stopping, this::pumpLoop);
        }
        log.info("dispatcher_started resumeAfter={} recoveredDeliveries={} requeued={} loadMs={}", fannedOutTo,
                found.recovered().size(), found.requeued().size(), (System.nanoTime() - t0) / 1_000_000);
    }

    private void fanOutLoop() throws InterruptedException {
        long after;
        synchronized (this) {
            after = fannedOutTo;
        }
        try (Journal.Reader reader = events.reader(after)) {
            Signal.Follower follower = appended.follower();
            while (!stopping) {
                awaitRoom();
                long seen = appended.version();
                JournalEntry entry = reader.next();
                if (entry == null) {
                    synchronized (this) {
                        recovered = new HashMap<>(); // caught up: whatever is left belongs to deleted subscriptions
                    }
                    follower.idle(seen, 200);
                    continue;
                }
                follower.found();
                EventCodec.Decoded decoded = recent.decode(entry.seq(), entry.bytes());
                fanOut(decoded.event(), decoded.target());
            }
        }
    }

    /** Backpressure: holds fan-out while the workers have a full backlog already. */
    private synchronized void awaitRoom() throws InterruptedException {
        while (!stopping && lanes.ready() >= MAX_READY) wait(200);
    }

    /** @param target the one subscription a test event is for, or null for every matching one */
    private void fanOut(StoredEvent event, String target) {
        Instant now = clock.instant();
        Map<String, byte[]> bodies = new LinkedHashMap<>(2);
        for (Subscription sub : receivers(event, target)) {
            if (target == null && !sub.matches(event.type())) continue;
            if (resume.predates(event, sub)) continue; // journaled before a rebuilt checkpoint, and before sub
            if (progress.done(event.seq(), sub.id())) continue; // made before this event's fan-out failed part-way
            fanOut(event, sub, now, bodies);
            progress.mark(event.seq(), sub.id());
        }
        synchronized (this) {
            fannedOutTo = event.seq();
        }
    }

    /** Makes the subscription's delivery of the event, unless a restart found it final. */
    private void fanOut(StoredEvent event, Subscription sub, Instant now, Map<String, byte[]> bodies) {
        DeliveryId id = new DeliveryId(event.seq(), sub.id());
        DeliveryLog.Entry prior;
        synchronized (this) {
            prior = recovered.remove(id);
        }
        if (prior != null && prior.record().status().terminal()) return;
        if (!sub.enabled()) {
            attempts.skip(id, event.id(), "subscription disabled (" + sub.disabledReason() + ")");
            return;
        }
        Delivery d = prior != null ? Delivery.resume(prior, true, now) : new Delivery(id, event.id(), true, 0, 0, now, 0);
        d.event = event;
        // Without a body (its format left the config, or rendering failed) the attempt renders it again or
        // records why it cannot: one subscription's problem never holds fan-out on this event
        WebhookFormat format = formats.get().find(sub.format());
        try {
            if (format != null) {
                d.body = bodies.computeIfAbsent(sub.format() + "/" + sub.livemode(),
                        k -> format.body(event, new FormatOptions(sub.livemode())));
            }
        } catch (RuntimeException e) {
            log.warn("fanout_render_failed delivery={} format={}", id, sub.format(), e);
        }
        synchronized (this) {
            openBySeq.merge(event.seq(), 1, Integer::sum);
            lanes.add(d, now);
            notifyAll();
        }
    }

    /**
     * A test event's one subscription, else the operator's subscriptions and those of the event's tenant
     * (CONTRACT 8): looking at those alone keeps fan-out cheap with thousands of tenants.
     */
    private List<Subscription> receivers(StoredEvent event, String target) {
        if (target == null) return subscriptions.receivers(event.tenant());
        Subscription sub = subscriptions.get(target);
        return sub == null ? List.of() : List.of(sub);
    }

    private void pumpLoop() throws InterruptedException, IOException {
        long lastCheckpoint = 0;
        while (!stopping) {
            List<Delivery> start;
            synchronized (this) {
                Instant now = clock.instant();
                lanes.promoteDue(now);
                int w = workers.getAsInt();
                start = lanes.takeStartable(w, Math.max(1, (w + 1) / 2));
                if (start.isEmpty()) {
                    Instant due = lanes.nextDue();
                    long waitMs = due == null ? 250 : Math.max(1, Duration.between(now, due).toMillis());
                    wait(Math.min(waitMs, 250));
                }
            }
            for (Delivery d : start) attempts.start(d);
            long nowMs = System.currentTimeMillis();
            if (nowMs - lastCheckpoint >= CHECKPOINT_EVERY_MS) {
                writeCheckpoint();
                lastCheckpoint = nowMs;
            }
        }
    }

    /** Called by {@link Attempts} when an attempt ends; {@code retry} is false when the delivery is final. */
    synchronized void finished(Delivery d, boolean retry) {
        lanes.finished(d);
        if (retry) {
            lanes.add(d, clock.instant());
        } else if (d.fromFanOut) {
            openBySeq.computeIfPresent(d.id.seq(), (k, n) -> n == 1 ? null : n - 1);
        }
        notifyAll();
    }

    private void writeCheckpoint() throws IOException {
        long seq;
        synchronized (this) {
            if (checkpointed < 0) return; // never read: saving would put 0 over the real one
            seq = openBySeq.isEmpty() ? fannedOutTo : openBySeq.firstKey() - 1;
        }
        if (seq != checkpointed) {
            checkpoint.write(seq);
            checkpointed = seq;
        }
    }

    /** Queues a delivery made again by hand ({@link Requeues}). */
    synchronized void enqueue(Delivery d) {
        lanes.add(d, clock.instant());
        notifyAll();
    }

    /** Makes a delivery waiting for its retry due now; nothing if it is not waiting. */
    synchronized void expedite(DeliveryId id) {
        if (lanes.expedite(id, clock.instant())) notifyAll();
    }

    /** The oldest event seq a delivery still needs; journal retention must keep it. */
    public synchronized long keepFromSeq() {
        return (openBySeq.isEmpty() ? fannedOutTo : openBySeq.firstKey() - 1) + 1;
    }

    public synchronized int pending() {
        return lanes.queued() + lanes.inFlight();
    }

    boolean stopping() {
        return stopping;
    }

    /**
     * Stops fan-out and new attempts, lets attempts in flight finish for up to {@code grace}, then saves the
     * checkpoint. Whatever did not finish is still open in the log and is sent again after the restart.
     */
    public void shutdown(Duration grace) {
        stopping = true;
        Loops.join(loader);
        Thread fanout;
        Thread pump;
        synchronized (this) {
            fanout = this.fanout;
            pump = this.pump;
        }
        for (Thread t : new Thread[] {fanout, pump}) {
            if (t != null) t.interrupt();
        }
        Loops.join(fanout);
        Loops.join(pump);
        long deadline = System.nanoTime() + grace.toNanos();
        synchronized (this) {
            while (lanes.inFlight() > 0 && System.nanoTime() < deadline) {
                try {
                    wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        attempts.close();
        try {
            writeCheckpoint();
        } catch (IOException e) {
            log.warn("checkpoint_write_failed at shutdown; deliveries after the last one will be retried", e);
        }
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
