package io.herald.cluster;

import io.herald.delivery.DeliveryProgress;
import io.herald.delivery.Ownership;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode's {@link DeliveryProgress}: the scheduler's news feeds a {@link ResumeTracker}; at each of its
 * checkpoints the points that moved go to {@link ResumePoints}, which its own thread ({@code cluster-resume-points})
 * writes to Kafka, so the scheduler never waits for Kafka.
 *
 * <p>Which points are looked at: those of the subscriptions that had a delivery open or closed since the last
 * checkpoint, at every checkpoint; those of every subscription this node owns (whose points follow fan-out while
 * nothing is open) every {@link #ALL_EVERY}. A point written late is only lower than the truth (the next owner
 * looks back further); with 20,000 subscriptions this writes 20,000 small records per {@link #ALL_EVERY}, not per
 * second.
 *
 * <p>Only subscriptions this node owns and delivers from fan-out may be reported: a subscription just gained must
 * be held ({@link #opened} at its resume point + 1) until its catch-up from there is done, or its point would jump
 * to where this node's fan-out is.
 */
public final class ResumePointsWriter implements DeliveryProgress, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ResumePointsWriter.class);
    static final Duration ALL_EVERY = Duration.ofSeconds(30);

    private final ResumeTracker tracker;
    private final ResumePoints points;
    private final Ownership ownership;
    private final Supplier<Collection<String>> subscriptionIds;
    /** the scheduler thread's alone */
    private final Set<String> active = new HashSet<>();
    private long allAtNanos = System.nanoTime();
    private final Thread thread;
    private final Object wake = new Object();
    private boolean due;
    private volatile boolean running = true;

    /**
     * @param fannedOutTo where fan-out starts (the dispatcher's checkpoint)
     * @param ownership which subscriptions this node owns now
     * @param subscriptionIds the ids of every subscription (read on the scheduler thread every {@link #ALL_EVERY})
     */
    public ResumePointsWriter(long fannedOutTo, ResumePoints points, Ownership ownership,
                              Supplier<Collection<String>> subscriptionIds) {
        this.tracker = new ResumeTracker(fannedOutTo);
        this.points = points;
        this.ownership = ownership;
        this.subscriptionIds = subscriptionIds;
        this.thread = new Thread(this::run, "cluster-resume-points");
        thread.setDaemon(true);
    }

    public ResumePointsWriter start() {
        thread.start();
        return this;
    }

    @Override
    public void opened(String subscriptionId, long seq) {
        tracker.opened(subscriptionId, seq);
        active.add(subscriptionId);
    }

    @Override
    public void closed(String subscriptionId, long seq) {
        tracker.closed(subscriptionId, seq);
        active.add(subscriptionId);
    }

    @Override
    public void fannedOutTo(long seq) {
        tracker.fannedOutTo(seq);
    }

    @Override
    public void checkpoint() {
        Collection<String> looked = active;
        if (System.nanoTime() - allAtNanos >= ALL_EVERY.toNanos()) {
            allAtNanos = System.nanoTime();
            looked = subscriptionIds.get();
            forgetDeleted(Set.copyOf(looked));
        }
        List<String> ids = looked.stream().filter(ownership::owns).toList();
        active.clear();
        var moved = tracker.moved(ids);
        if (moved.isEmpty()) return;
        points.advance(moved);
        synchronized (wake) {
            due = true;
            wake.notifyAll();
        }
    }

    /** Points this node wrote for subscriptions deleted since: tombstones, so that a namesake starts afresh. */
    private void forgetDeleted(Set<String> existing) {
        for (String id : tracker.reported()) {
            if (existing.contains(id)) continue;
            tracker.forget(id);
            points.remove(id);
        }
    }

    /**
     * Subscriptions this node lost, with nothing of theirs queued or in flight here any more: their points are
     * written now, each as far as its deliveries here are final, whether it moved lately or not (the next owner
     * resumes from it), and then forgotten: this node reports them again only once it gains them back.
     */
    @Override
    public void released(Predicate<String> lost) {
        List<String> ids = subscriptionIds.get().stream().filter(lost).toList();
        var last = tracker.moved(ids);
        ids.forEach(tracker::forget);
        active.removeIf(lost);
        if (last.isEmpty()) return;
        points.advance(last);
        synchronized (wake) {
            due = true;
            wake.notifyAll();
        }
    }

    /** The error boundary: a failed write is noted again by ResumePoints and tried at the next turn. */
    private void run() {
        while (running) {
            try {
                synchronized (wake) {
                    while (!due && running) wake.wait(1000);
                    due = false;
                }
                points.flush();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("resume_points_flush_failed reason=\"{}\" (will keep writing)", e.getMessage());
            }
        }
    }

    /** Stops the thread; the owner then closes {@link ResumePoints}, which writes what is left. */
    @Override
    public void close() {
        running = false;
        synchronized (wake) {
            wake.notifyAll();
        }
        try {
            thread.join(15_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
