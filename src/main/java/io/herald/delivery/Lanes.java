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
import java.util.function.Predicate;

/**
 * Who goes next: one ready queue per subscription, taken round-robin, with a cap on each subscription's
 * attempts in flight so that a receiver that hangs holds at most its share of the workers. Retries wait in a
 * time-ordered queue until due.
 *
 * <p>An ordered subscription (CONTRACT 4.4) has a lane of its own kind: its deliveries wait in seq order whatever
 * their due time, at most one is in flight, and only the first may start, once it is due. A retry goes back to
 * the head of its lane, so it holds the ones behind it until it succeeds or fails for good.
 *
 * <p>Not thread-safe: the scheduler thread alone owns it ({@link Scheduler}).
 */
final class Lanes {
    private static final Comparator<Delivery> BY_SEQ = Comparator.comparingLong((Delivery d) -> d.id.seq());

    private final Predicate<String> ordered;
    private final Map<String, Lane> lanes = new LinkedHashMap<>();
    private final Map<String, OrderedLane> orderedLanes = new LinkedHashMap<>();
    private final PriorityQueue<Delivery> waiting = new PriorityQueue<>(Comparator.comparing(d -> d.dueAt));
    private int inFlight;
    private int ready;
    private int orderedQueued;

    private static final class Lane {
        final ArrayDeque<Delivery> queue = new ArrayDeque<>();
        int inFlight;
    }

    private static final class OrderedLane {
        final PriorityQueue<Delivery> queue = new PriorityQueue<>(BY_SEQ);
        boolean busy;
    }

    /** @param ordered whether a subscription's deliveries go one at a time in seq order (read when its lane opens) */
    Lanes(Predicate<String> ordered) {
        this.ordered = ordered;
    }

    Lanes() {
        this(id -> false);
    }

    void add(Delivery d, Instant now) {
        OrderedLane o = orderedLane(d.subscriptionId());
        if (o != null) {
            o.queue.add(d);
            orderedQueued++;
        } else if (d.dueAt.isAfter(now)) {
            waiting.add(d);
        } else {
            enqueue(d);
        }
    }

    /** The subscription's ordered lane, opened if need be; null when its deliveries go in the ordinary lanes. */
    private OrderedLane orderedLane(String subscriptionId) {
        OrderedLane o = orderedLanes.get(subscriptionId);
        if (o != null || lanes.containsKey(subscriptionId)) return o; // a lane keeps its kind until it empties
        if (!ordered.test(subscriptionId)) return null;
        o = new OrderedLane();
        orderedLanes.put(subscriptionId, o);
        return o;
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
        OrderedLane o = orderedLanes.get(id.subscriptionId());
        if (o != null) {
            for (Delivery d : o.queue) {
                if (d.id.equals(id) && d.dueAt.isAfter(now)) {
                    d.dueAt = now; // the queue is by seq: changing the time keeps its order
                    return true;
                }
            }
            return false;
        }
        for (Delivery d : waiting) {
            if (!d.id.equals(id)) continue;
            waiting.remove(d);
            d.dueAt = now;
            enqueue(d);
            return true;
        }
        return false;
    }

    /** Takes what may start now, marking each in flight: ordered lanes' heads first, then round-robin. */
    List<Delivery> takeStartable(int workers, int laneCap, Instant now) {
        List<Delivery> out = new ArrayList<>();
        for (Iterator<OrderedLane> it = orderedLanes.values().iterator(); it.hasNext() && inFlight < workers; ) {
            OrderedLane o = it.next();
            if (o.busy) continue;
            Delivery head = o.queue.peek();
            if (head == null) {
                it.remove();
            } else if (!head.dueAt.isAfter(now)) {
                out.add(o.queue.poll());
                o.busy = true;
                orderedQueued--;
                inFlight++;
            }
        }
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
        OrderedLane o = orderedLanes.get(d.subscriptionId());
        if (o != null) {
            o.busy = false;
        } else {
            Lane lane = lanes.get(d.subscriptionId());
            if (lane != null) lane.inFlight--;
        }
        inFlight--;
    }

    /**
     * When the next waiting retry (or the head of an idle ordered lane) falls due after {@code now}, or null. A head
     * already due waits for a worker, and a finished attempt wakes the scheduler for it: counting it here would
     * have the scheduler poll every millisecond while the workers are all busy.
     */
    Instant nextDue(Instant now) {
        Delivery d = waiting.peek();
        Instant next = d == null ? null : d.dueAt;
        for (OrderedLane o : orderedLanes.values()) {
            Delivery head = o.busy ? null : o.queue.peek();
            if (head != null && head.dueAt.isAfter(now) && (next == null || head.dueAt.isBefore(next))) next = head.dueAt;
        }
        return next;
    }

    int inFlight() {
        return inFlight;
    }

    /**
     * Takes out every queued and retry-waiting delivery of the subscriptions {@code which} picks (this node no
     * longer delivers them: cluster mode); their attempts in flight stay counted until they finish.
     */
    List<Delivery> removeAll(Predicate<String> which) {
        List<Delivery> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, Lane>> it = lanes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Lane> e = it.next();
            if (!which.test(e.getKey())) continue;
            ready -= e.getValue().queue.size();
            out.addAll(e.getValue().queue);
            e.getValue().queue.clear();
            if (e.getValue().inFlight == 0) it.remove();
        }
        for (Iterator<Map.Entry<String, OrderedLane>> it = orderedLanes.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, OrderedLane> e = it.next();
            if (!which.test(e.getKey())) continue;
            orderedQueued -= e.getValue().queue.size();
            out.addAll(e.getValue().queue);
            e.getValue().queue.clear();
            if (!e.getValue().busy) it.remove();
        }
        waiting.removeIf(d -> {
            if (!which.test(d.subscriptionId())) return false;
            out.add(d);
            return true;
        });
        return out;
    }

    /** Attempts in flight of the subscriptions {@code which} picks. */
    int inFlight(Predicate<String> which) {
        int n = 0;
        for (Map.Entry<String, Lane> e : lanes.entrySet()) if (which.test(e.getKey())) n += e.getValue().inFlight;
        for (Map.Entry<String, OrderedLane> e : orderedLanes.entrySet()) {
            if (e.getValue().busy && which.test(e.getKey())) n++;
        }
        return n;
    }

    /** Deliveries due now and waiting for a worker (not the retries waiting for their time). */
    int ready() {
        return ready;
    }

    int queued() {
        return ready + waiting.size() + orderedQueued;
    }
}
