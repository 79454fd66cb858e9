package io.herald.delivery;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dispatch-scheduler}, the single picker (db-scheduler's shape): the one thread that owns the lanes, the
 * retry times and the open deliveries. Everyone else reaches it through its {@link Inbox}; it applies what came,
 * starts what is due, and sleeps in its {@link Waiter} until the next due time or until woken. Time is the
 * injected clock's.
 */
final class Scheduler {
    private static final Logger log = LoggerFactory.getLogger(Scheduler.class);
    private static final long CHECKPOINT_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    /** Longest sleep with nothing due: the checkpoint and a changed workers setting are looked at this often. */
    private static final long IDLE_MS = 250;

    private final Lanes lanes;
    private final OpenDeliveries open;
    private final Inbox inbox;
    private final Waiter waiter;
    private final Attempts attempts;
    private final LaneBounds bounds;
    private final Checkpoint checkpoint;
    private final Clock clock;
    private final IntSupplier workers;
    /** how far fan-out got ({@link FanOut}); read before each drain */
    private final java.util.concurrent.atomic.AtomicLong fannedOut;
    private long checkpointed;
    private volatile DeliveryProgress progress = DeliveryProgress.NONE;
    private long lastCheckpointNanos;
    private volatile long keepFromSeq;
    private volatile int pending;
    private volatile long rounds;
    /** cluster mode: subscriptions lost whose attempts in flight have not all finished yet */
    private final List<Inbox.Leave> leaving = new java.util.ArrayList<>();
    /** retention's questions, answered at the end of the round that drained them */
    private final List<Inbox.Report> reports = new java.util.ArrayList<>();

    /** @param ordered whether a subscription is ordered (CONTRACT 4.4): its lane goes one at a time, in seq order */
    Scheduler(long resumeAfter, Inbox inbox, Waiter waiter, Attempts attempts, LaneBounds bounds, Checkpoint checkpoint,
              Clock clock, IntSupplier workers, java.util.function.Predicate<String> ordered,
              java.util.concurrent.atomic.AtomicLong fannedOut) {
        this.fannedOut = fannedOut;
        this.lanes = new Lanes(ordered);
        this.open = new OpenDeliveries(resumeAfter);
        this.inbox = inbox;
        this.waiter = waiter;
        this.attempts = attempts;
        this.bounds = bounds;
        this.checkpoint = checkpoint;
        this.clock = clock;
        this.workers = workers;
        this.checkpointed = resumeAfter;
        this.keepFromSeq = resumeAfter + 1;
    }

    /** The thread's body: rounds until {@code stopping}, then the shutdown drain. */
    void run(java.util.function.BooleanSupplier stopping, java.util.function.Supplier<Duration> grace)
            throws InterruptedException, IOException {
        while (!stopping.getAsBoolean()) round(true);
        drainFor(grace.get());
    }

    /** One round: apply messages, start what is due, save the checkpoint if a second passed, sleep if idle. */
    void round(boolean startNew) throws InterruptedException, IOException {
        long fanned;
        do {
            fanned = fannedOut.get(); // before the drain: the deliveries of events up to it are in the inbox
        } while (drain()); // again for a report: its answer counts what fan-out finished before it was asked
        if (!leaving.isEmpty()) leaveWhenIdle();
        open.fannedOutTo(fanned);
        progress.fannedOutTo(fanned);
        Instant now = clock.instant();
        List<Delivery> started = List.of();
        if (startNew) {
            lanes.promoteDue(now);
            int w = workers.getAsInt();
            started = lanes.takeStartable(w, Math.max(1, (w + 1) / 2), now);
            for (Delivery d : started) {
                if (d.reserved) {
                    d.reserved = false;
                    bounds.free(d.subscriptionId());
                }
                attempts.start(d);
            }
        }
        keepFromSeq = open.safeSeq() + 1;
        for (Inbox.Report r : reports) r.keepFromSeq().complete(keepFromSeq);
        reports.clear();
        pending = lanes.queued() + lanes.inFlight();
        rounds++;
        if (System.nanoTime() - lastCheckpointNanos >= CHECKPOINT_EVERY_NANOS) writeCheckpoint();
        if (started.isEmpty()) {
            Instant due = startNew ? lanes.nextDue(now) : null;
            long ms = due == null ? IDLE_MS : Math.max(1, Duration.between(now, due).toMillis());
            waiter.await(Math.min(ms, IDLE_MS), () -> !inbox.isEmpty());
        }
    }

    /** @return whether a report was asked for */
    private boolean drain() {
        Instant now = clock.instant();
        boolean asked = false;
        for (Inbox.Message m; (m = inbox.poll()) != null; ) {
            if (m instanceof Inbox.Report r) {
                reports.add(r);
                asked = true;
            } else if (m instanceof Inbox.Add a) {
                if (a.opens()) {
                    open.open(a.delivery().id.seq());
                    progress.opened(a.delivery().subscriptionId(), a.delivery().id.seq());
                }
                lanes.add(a.delivery(), now);
            } else if (m instanceof Inbox.Finished f) {
                lanes.finished(f.delivery());
                if (f.retry() && leaving(f.delivery().subscriptionId())) {
                    drop(f.delivery());
                } else if (f.retry()) {
                    lanes.add(f.delivery(), now);
                } else if (f.delivery().fromFanOut) {
                    open.close(f.delivery().id.seq());
                    progress.closed(f.delivery().subscriptionId(), f.delivery().id.seq());
                }
            } else if (m instanceof Inbox.Expedite e) {
                lanes.expedite(e.id(), now);
            } else if (m instanceof Inbox.Hold h) {
                open.hold(h.seq());
                progress.opened(h.subscriptionId(), h.seq());
            } else if (m instanceof Inbox.Release r) {
                open.release(r.seq());
                progress.closed(r.subscriptionId(), r.seq());
            } else if (m instanceof Inbox.Leave l) {
                l.held().forEach(open::release);
                lanes.removeAll(l.lost()).forEach(this::drop);
                leaving.add(l);
            }
        }
        return asked;
    }

    /**
     * A delivery of a subscription this node lost: its next owner makes it again from the delivery log. It no
     * longer holds this node's checkpoint back, but stays open for the subscription's resume point.
     */
    private void drop(Delivery d) {
        if (d.reserved) {
            d.reserved = false;
            bounds.free(d.subscriptionId());
        }
        if (d.fromFanOut) open.close(d.id.seq());
    }

    private boolean leaving(String subscriptionId) {
        for (Inbox.Leave l : leaving) if (l.lost().test(subscriptionId)) return true;
        return false;
    }

    /** Subscriptions lost with nothing in flight any more: their points are final, and the leave is done. */
    private void leaveWhenIdle() {
        for (java.util.Iterator<Inbox.Leave> it = leaving.iterator(); it.hasNext(); ) {
            Inbox.Leave l = it.next();
            if (lanes.inFlight(l.lost()) > 0) continue;
            it.remove();
            try {
                progress.released(l.lost());
            } finally {
                l.done().complete(null);
            }
        }
    }

    /**
     * At shutdown: starts nothing more, applies what attempts in flight report for up to {@code grace}, then saves
     * the checkpoint. Whatever did not finish is still open in the log and is sent again after the restart.
     */
    void drainFor(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            do {
                round(false);
            } while (lanes.inFlight() > 0 && System.nanoTime() < deadline);
            for (Inbox.Leave l : List.copyOf(leaving)) { // what is still in flight stays open in their points
                progress.released(l.lost());
                l.done().complete(null);
            }
            leaving.clear();
            writeCheckpoint();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            log.warn("checkpoint_write_failed at shutdown; deliveries after the last one will be retried", e);
        }
    }

    private void writeCheckpoint() throws IOException {
        lastCheckpointNanos = System.nanoTime();
        progress.checkpoint();
        long seq = open.safeSeq();
        if (seq != checkpointed) {
            checkpoint.write(seq);
            checkpointed = seq;
        }
    }

    /** Who hears of each subscription's progress (cluster mode); set before the thread starts. */
    void progress(DeliveryProgress progress) {
        this.progress = progress;
    }

    /** The oldest event seq a delivery still needs; journal retention must keep it. Any thread. */
    long keepFromSeq() {
        return keepFromSeq;
    }

    /** Deliveries queued, waiting for a retry or in flight, as of the last round. Any thread. */
    int pending() {
        return pending;
    }

    /** Rounds run so far: a test waits for two more to know that the scheduler has seen a changed clock. */
    long rounds() {
        return rounds;
    }
}
