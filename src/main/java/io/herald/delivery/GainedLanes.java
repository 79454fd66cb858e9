package io.herald.delivery;

import io.herald.core.StoredEvent;
import io.herald.subscription.Subscription;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Cluster mode: what fan-out knows of the subscriptions this node gained from another, so that it neither sends
 * again what the old owner finished nor skips what it left. Owned by the fan-out thread, like {@link FanOut}.
 */
final class GainedLanes {
    private final DeliveryStore store;
    /** per subscription gained beyond where fan-out is: its events up to this seq are final already */
    private final Map<String, Long> doneThrough = new HashMap<>();
    /**
     * per subscription gained: the highest event seq another node may have recorded a delivery of; up to it each
     * delivery is looked up in the log first (a look-up of one with no record reads the subscription's history)
     */
    private final Map<String, Long> checkThrough = new HashMap<>();
    /** subscriptions gained without a resume point: their catch-up skips events made before them */
    private final Set<String> sinceCreated = new HashSet<>();

    /** @param store the replicated delivery log, where another node may have finished a delivery */
    GainedLanes(DeliveryStore store) {
        this.store = store;
    }

    /**
     * Notes a subscription gained, to resume from {@code point} (0 or 1: no point, from its creation on).
     *
     * @param recorded the highest event seq another node may have recorded a delivery of
     * @return the first event fan-out must make its delivery of again, or 0 when that is beyond {@code fannedOutTo}
     *         (the live path then takes it from there)
     */
    long gain(String sub, long point, long recorded, long fannedOutTo) {
        long from = Math.max(1, point);
        if (recorded >= from) checkThrough.put(sub, recorded);
        else checkThrough.remove(sub);
        if (point <= 1) sinceCreated.add(sub);
        if (from <= fannedOutTo) return from;
        doneThrough.put(sub, from - 1);
        return 0;
    }

    /** Forgets the subscriptions lost to another node. */
    void lose(Predicate<String> lost) {
        sinceCreated.removeIf(lost);
        doneThrough.keySet().removeIf(lost);
        checkThrough.keySet().removeIf(lost);
    }

    /** A catch-up met the main reader: its subscription's events from now on are all newer than it. */
    void caughtUp(String sub) {
        sinceCreated.remove(sub);
    }

    /** A delivery of a subscription gained, as the log has it, if another node may have made it; else null. */
    DeliveryStore.Entry recordedElsewhere(DeliveryId id) {
        if (checkThrough.isEmpty()) return null;
        Long through = checkThrough.get(id.subscriptionId());
        if (through == null || id.seq() > through) return null;
        return store.latest(id);
    }

    /**
     * Whether a subscription still needs this event: not when its resume point is beyond it, nor (gained without a
     * point) when the event is older than the subscription.
     */
    boolean needs(StoredEvent event, Subscription sub, boolean catchingUp) {
        if (!doneThrough.isEmpty()) {
            Long done = doneThrough.get(sub.id());
            if (done != null) {
                if (event.seq() <= done) return false;
                if (!catchingUp && event.seq() > done) doneThrough.remove(sub.id());
            }
        }
        return !catchingUp || !sinceCreated.contains(sub.id()) || sub.createdAt() == null
                || !event.createdAt().isBefore(sub.createdAt().truncatedTo(ChronoUnit.MILLIS));
    }
}
