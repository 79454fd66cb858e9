package io.herald.delivery;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Who goes next: one ready queue per subscription, taken round-robin, with a cap on each subscription's
 * attempts in flight so that a receiver that hangs holds at most its share of the workers. Retries wait in a
 * time-ordered queue until due. Not thread-safe: the scheduler thread alone owns it ({@link Scheduler}).
 */
final class Lanes {
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final PriorityQueue<Delivery> waiting = new PriorityQueue<>(Comparator.comparing(d -> d.dueAt));
    private int inFlight;
    private int ready;

    private static final class Lane {
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        int inFlight;
    }

    void add(Delivery d, Instant now) {
        if (d.dueAt.isAfter(now)) waiting.add(d);
        else enqueue(d);
    }

    private void enqueue(Delivery d) {
        lanes.computeIfAbsent(d.subscriptionId(), k -> new Lane()).queue.add(d);
        ready++;
    }

    void promoteDue(Instant now) {
        while (!waiting.isEmpty() && !waiting.peek().dueAt.isAfter(now)) enqueue(waiting.poll());
    }

    /** Makes a delivery waiting for its retry due now; false when it is not waiting (queued or in flight). */
    boolean expedite(DeliveryId id, Instant now) {
        for (Delivery d : waiting) {
            if (!d.id.equals(id)) continue;
            waiting.remove(d);
            d.dueAt = now;
            enqueue(d);
            return true;
        }
        return false;
    }

    /** Takes what may start now, marking each in flight. */
    List<Delivery> takeStartable(int workers, int laneCap) {
        List<Delivery> out = new ArrayList<>();
        boolean progress = true;
        while (progress && inFlight < workers && ready > 0) {
            progress = false;
            for (Iterator<Lane> it = lanes.values().iterator(); it.hasNext() && inFlight < workers; ) {
                Lane lane = it.next();
                if (lane.queue.isEmpty()) {
                    if (lane.inFlight == 0) it.remove();
                    continue;
                }
                if (lane.inFlight >= laneCap) continue;
                out.add(lane.queue.poll());
                lane.inFlight++;
                inFlight++;
                ready--;
                progress = true;
            }
        }
        return out;
    }

    void finished(Delivery d) {
        Lane lane = lanes.get(d.subscriptionId());
        if (lane != null) lane.inFlight--;
        inFlight--;
    }

    /** When the next waiting retry falls due, or null. */
    Instant nextDue() {
        Delivery d = waiting.peek();
        return d == null ? null : d.dueAt;
    }

    int inFlight() {
        return inFlight;
    }

    /** Deliveries due now and waiting for a worker (not the retries waiting for their time). */
    int ready() {
        return ready;
    }

    int queued() {
        return ready + waiting.size();
    }
}
