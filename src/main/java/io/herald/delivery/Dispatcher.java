package io.herald.delivery;

import io.herald.core.Loops;
import io.herald.core.OpsEvents;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.format.Formats;
import io.herald.journal.Journal;
import io.herald.metrics.Metrics;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns journaled events into webhook deliveries, with one owner for each piece of state:
 * <pre>
 *  journal ─► dispatch-fanout ──Add──► ┌──────────────────────┐ ─start─► Attempts ─► Sender (async HTTP)
 *             (cursor per lane)        │ Inbox ─► dispatch-   │                         │
 *  Requeues ─────────Add/Expedite────► │   scheduler: Lanes,  │ ◄──────Finished─────────┘ (client thread)
 *                                      │   OpenDeliveries     │ ─► dispatch.checkpoint
 *                                      └──────────────────────┘
 * </pre>
 * {@link FanOut} owns the journal reader and the restart merge ({@link Recovered}); {@link Scheduler} owns the
 * lanes, retry times and checkpoint tracking ({@link OpenDeliveries}) and sleeps in a {@link Waiter}; attempts end
 * on the HTTP client's threads and report through the {@link Inbox}. No lock is shared between them.
 *
 * <p>Durability: every attempt's outcome is appended to the delivery log; {@link Checkpoint} remembers the seq
 * below which all deliveries are final. After a crash, fan-out restarts from the checkpoint and the log tells it
 * which deliveries already succeeded and when each retry is due: at least once, and rarely twice.
 */
public final class Dispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);
    /**
     * A lane (one subscription) whose fan-out deliveries waiting for their first start reach this many takes no
     * more: fan-out leaves the rest in the journal behind a cursor, so a backlog stays on disk, not in the heap,
     * and a blocked lane never holds the others.
     */
    static final int MAX_READY = 50_000;

    private final Journal events;
    private final DeliveryStore deliveryStore;
    private final Subscriptions subscriptions;
    private final Supplier<Formats> formats;
    private final Clock clock;
    private final Signal appended;
    /** fan-out's reading of recent events: registered now, so none it has not read goes before it starts */
    private final RecentEvents.Follower recent;
    private final Checkpoint checkpoint;
    private final IntSupplier workers;
    private final Waiter waiter = new Waiter();
    private final Inbox inbox = new Inbox(waiter);
    private LaneBounds bounds = new LaneBounds(MAX_READY);
    private final AtomicLong fannedOut = new AtomicLong();
    private final Attempts attempts;
    /** cluster mode: ownership gained and lost, for the fan-out thread, in the order it changed */
    private final Handover handover = new Handover();

    private volatile Resume resume = new Resume(0, 0);
    private volatile Scheduler scheduler;
    private volatile boolean stopping;
    private volatile Duration grace = Duration.ZERO;
    private Thread loader;
    private volatile Thread fanoutThread;
    private volatile Thread schedulerThread;
    private volatile Ownership ownership = Ownership.EVERYTHING;
    private volatile DeliveryProgress progress = DeliveryProgress.NONE;
    private volatile Consumer<RuntimeException> onLoadFailed =
            e -> log.error("delivery_log_unreadable; deliveries stay stopped until a restart", e);

    public Dispatcher(Journal events, DeliveryStore deliveryStore, Subscriptions subscriptions, Supplier<Formats> formats,
                      Sender sender, Clock clock, Signal appended, RecentEvents recent, Path checkpointFile,
                      IntSupplier workers, RandomGenerator random, Metrics metrics, OpsEvents ops) {
        this.events = events;
        this.deliveryStore = deliveryStore;
        this.subscriptions = subscriptions;
        this.formats = formats;
        this.clock = clock;
        this.appended = appended;
        this.recent = recent.follower();
        this.checkpoint = new Checkpoint(checkpointFile);
        this.workers = workers;
        this.attempts = new Attempts(inbox, sender, events, deliveryStore, subscriptions, formats, clock, random, metrics,
                ops);
    }

    /**
     * Reads the checkpoint, rebuilding a damaged one and clamping one beyond the journal's end ({@link Checkpoint}).
     * Starts nothing: the owner calls it before it binds its port, so that what is read at start fails first.
     * @throws io.herald.core.StateException when the checkpoint can be neither read nor repaired
     */
    public void recover() {
        resume = checkpoint.read(events.lastSeq());
        fannedOut.set(resume.after());
        scheduler = new Scheduler(resume.after(), inbox, waiter, attempts, bounds, checkpoint, clock, workers, id -> {
            Subscription s = subscriptions.get(id);
            return s != null && s.ordered();
        }, fannedOut);
    }

    /**
     * Starts the webhook client, then {@code dispatch-loader}, which reads the delivery log and then starts
     * fan-out and the scheduler. Loading in the background lets Herald take events at once after a restart,
     * however long the log (events wait in the journal meanwhile). Deliveries of events after the checkpoint are
     * picked up by fan-out; older ones still pending were requeued by hand and are queued by the loader. Call
     * after {@link #recover}.
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

    /**
     * Which subscriptions this node delivers to (cluster mode); by default all of them. Set before {@link #start}.
     */
    public void ownership(Ownership ownership) {
        this.ownership = ownership;
    }

    /**
     * Who hears of each subscription's progress, for per-subscription resume points (cluster mode); by default
     * nobody. Set before {@link #start}.
     */
    public void progress(DeliveryProgress progress) {
        this.progress = progress;
    }

    /** Cluster mode: where ownership gained and lost goes to fan-out. */
    public Handover handover() {
        return handover;
    }

    /** Where fan-out has got to: every event up to this seq has its deliveries made. */
    public long fannedOutTo() {
        return fannedOut.get();
    }

    /**
     * Wakes fan-out and waits, at most {@code bound}, until it has read every event up to {@code seq}: for running
     * maintenance now (tests). Events no subscription wants do not wake fan-out, which reads them at its next round.
     */
    public void awaitFannedOut(long seq, Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        appended.fire();
        while (fannedOutTo() < seq && System.nanoTime() - deadline < 0) {
            LockSupport.parkNanos(1_000_000);
        }
    }

    private void load() {
        long t0 = System.nanoTime();
        Recovery found;
        try {
            found = Recovery.read(deliveryStore, subscriptions, resume.after(), () -> stopping);
        } catch (RuntimeException e) {
            onLoadFailed.accept(e);
            return;
        }
        if (found == null || stopping) return;
        Instant now = clock.instant();
        // cluster mode: a node queues only its own subscriptions' (none yet at start: ownership comes later, and a
        // new owner resumes from the subscription's resume point)
        found.requeued().values().stream().filter(e -> ownership.owns(e.record().delivery().subscriptionId()))
                .forEach(e -> inbox.send(new Inbox.Add(Delivery.resume(e, false, now), false)));
        Recovered recovered = new Recovered(found.recovered());
        FanOut fanOut = new FanOut(events, subscriptions, formats, clock, appended, recent, resume, recovered,
                attempts, inbox, bounds, fannedOut, () -> stopping, ownership);
        if (ownership != Ownership.EVERYTHING) fanOut.clustered(deliveryStore, handover);
        Scheduler s = scheduler;
        s.progress(progress);
        schedulerThread = Loops.start("dispatch-scheduler", false, () -> stopping, () -> s.run(() -> stopping,
                () -> grace));
        fanoutThread = Loops.start("dispatch-fanout", false, () -> stopping, fanOut::run);
        log.info("dispatcher_started resumeAfter={} recoveredDeliveries={} requeued={} loadMs={}", resume.after(),
                found.recovered().size(), found.requeued().size(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** A smaller bound per lane than {@link #MAX_READY}, for a test that fills one. Before {@link #recover}. */
    void laneBound(int max) {
        bounds = new LaneBounds(max);
    }

    /**
     * Cluster mode: a delivery requeued by hand on some node, as this node (its owner) applied the record: one that
     * was final is queued again, one that was pending is made due now.
     */
    public void requeued(DeliveryStore.Entry entry, boolean reopens) {
        inbox.send(reopens ? new Inbox.Add(Delivery.resume(entry, false, clock.instant()), false)
                : new Inbox.Expedite(entry.record().delivery()));
    }

    /** Queues a delivery made again by hand ({@link Requeues}). */
    void enqueue(Delivery d) {
        inbox.send(new Inbox.Add(d, false));
    }

    /** Makes a delivery waiting for its retry due now; nothing if it is not waiting. */
    void expedite(DeliveryId id) {
        inbox.send(new Inbox.Expedite(id));
    }

    /**
     * The oldest event seq a delivery still needs; journal retention must keep it. Counts every event fan-out
     * finished before the call: the scheduler answers it at its next round (the value of its last round if it
     * does not within a second, as while it stops: an older answer only keeps more).
     */
    public long keepFromSeq() {
        Scheduler s = scheduler;
        if (s == null) return resume.after() + 1;
        if (schedulerThread == null || stopping) return s.keepFromSeq();
        CompletableFuture<Long> answer = new CompletableFuture<>();
        inbox.send(new Inbox.Report(answer));
        try {
            return answer.get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return s.keepFromSeq();
        } catch (ExecutionException | TimeoutException e) {
            return s.keepFromSeq();
        }
    }

    public int pending() {
        Scheduler s = scheduler;
        return s == null ? 0 : s.pending();
    }

    /** Wakes the scheduler, as a test does after it moved its clock. */
    void wake() {
        waiter.wake();
    }

    /** The scheduler's rounds so far (tests: two more mean it has seen what happened before). */
    long rounds() {
        Scheduler s = scheduler;
        return s == null ? 0 : s.rounds();
    }

    /**
     * Stops fan-out and new attempts, lets attempts in flight finish for up to {@code grace}, then saves the
     * checkpoint. Whatever did not finish is still open in the log and is sent again after the restart.
     */
    public void shutdown(Duration grace) {
        this.grace = grace;
        stopping = true;
        Loops.join(loader);
        Thread fanout = fanoutThread;
        if (fanout != null) fanout.interrupt();
        Loops.join(fanout);
        waiter.wake();
        Thread sched = schedulerThread;
        if (sched != null) {
            try {
                sched.join(grace.toMillis() + 5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        attempts.close();
    }

    @Override
    public void close() {
        shutdown(Duration.ZERO);
    }
}
