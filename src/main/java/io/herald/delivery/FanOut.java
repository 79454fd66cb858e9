package io.herald.delivery;

import io.herald.core.EventCodec;
import io.herald.core.RecentEvents;
import io.herald.core.Signal;
import io.herald.core.StoredEvent;
import io.herald.format.FormatOptions;
import io.herald.format.Formats;
import io.herald.format.WebhookFormat;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import java.util.function.LongPredicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code dispatch-fanout}: tails the journal and makes one delivery per matching subscription, handing each to the
 * scheduler through its {@link Inbox}. A lane that is full ({@link LaneBounds}) is not waited for: fan-out notes
 * the first event it did not get (a cursor) and goes on with everyone else; once the lane has room, the cursor
 * reads the journal again for that subscription alone until it meets the main reader. Owns its reader, the
 * cursors, {@link FanOutProgress}, {@link Recovered} and (cluster mode) {@link GainedLanes}; shares nothing else.
 */
final class FanOut {
    private static final Logger log = LoggerFactory.getLogger(FanOut.class);

    private final Journal events;
    private final Subscriptions subscriptions;
    private final Supplier<Formats> formats;
    private final Clock clock;
    private final Signal appended;
    private final RecentEvents.Follower recent;
    private final Resume resume;
    private final Recovered recovered;
    private final Attempts attempts;
    private final Inbox inbox;
    private final LaneBounds bounds;
    private final BooleanSupplier stopping;
    private final Ownership ownership;
    private final FanOutProgress progress = new FanOutProgress();
    /** per lane that fell behind: the first seq whose delivery it has not got yet */
    private final Map<String, Long> behind = new LinkedHashMap<>();
    private long fannedOutTo;
    /** the main reader copies out only entries {@link RecentEvents} does not hold (most are there) */
    private final LongPredicate missing;
    private final LongFunction<byte[]> reread;
    /** cluster mode only (else null): see {@link #clustered} */
    private GainedLanes gained;
    private Handover handover;

    /**
     * Published after each event's deliveries went into the inbox: the scheduler reads it before it drains, so it
     * always holds the deliveries of the events it counts as fanned out (a volatile write, not a message per event:
     * most events match no one at P2's rates).
     */
    private final java.util.concurrent.atomic.AtomicLong published;

    FanOut(Journal events, Subscriptions subscriptions, Supplier<Formats> formats, Clock clock, Signal appended,
           RecentEvents.Follower recent, Resume resume, Recovered recovered, Attempts attempts, Inbox inbox, LaneBounds bounds,
           java.util.concurrent.atomic.AtomicLong published, BooleanSupplier stopping, Ownership ownership) {
        this.events = events;
        this.subscriptions = subscriptions;
        this.formats = formats;
        this.clock = clock;
        this.appended = appended;
        this.recent = recent;
        this.resume = resume;
        this.recovered = recovered;
        this.attempts = attempts;
        this.inbox = inbox;
        this.bounds = bounds;
        this.published = published;
        this.stopping = stopping;
        this.ownership = ownership;
        this.fannedOutTo = resume.after();
        this.missing = recent::missing;
        this.reread = seq -> events.read(seq).bytes();
    }

    /**
     * Cluster mode: each delivery without a record found at start is looked up in the (replicated) delivery log,
     * where another node may have finished it (final: not sent again; pending: its retry schedule resumed); and
     * ownership gained and lost arrives through the {@link Handover}.
     */
    void clustered(DeliveryStore store, Handover handover) {
        this.gained = new GainedLanes(store);
        this.handover = handover;
    }

    /** On this thread, so that the live path cannot deliver a gained subscription before its cursor exists. */
    private void applyResumes() {
        for (Handover.Change c; (c = handover.poll()) != null; ) {
            if (c instanceof Handover.Lost l) {
                release(l);
                continue;
            }
            Handover.Gained r = (Handover.Gained) c;
            r.owned().run();
            for (Map.Entry<String, Long> e : r.from().get().entrySet()) {
                String sub = e.getKey();
                long from = gained.gain(sub, e.getValue(), r.recordedThrough().applyAsLong(sub), fannedOutTo);
                if (from == 0) continue;
                Long was = behind.get(sub);
                if (was != null && was <= from) continue;
                behind.put(sub, from);
                inbox.send(new Inbox.Hold(from, sub));
                if (was != null) inbox.send(new Inbox.Release(was, sub));
                log.info("lane_resumed subscription={} from={} fannedOutTo={}", sub, from, fannedOutTo);
            }
        }
    }

    /**
     * Ownership lost: fan-out makes no more of their deliveries and forgets its cursors for them; the scheduler
     * then drops what waits ({@link Inbox.Leave}), sent after every delivery fan-out made for them.
     */
    private void release(Handover.Lost l) {
        l.notOwned().run();
        List<Long> held = new java.util.ArrayList<>();
        for (java.util.Iterator<Map.Entry<String, Long>> it = behind.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            if (!l.lost().test(e.getKey())) continue;
            held.add(e.getValue());
            it.remove();
        }
        gained.lose(l.lost());
        inbox.send(new Inbox.Leave(l.lost(), held, l.done()));
        log.info("lanes_released cursors={} fannedOutTo={}", held.size(), fannedOutTo);
    }

    /** The loop body: restarted from the last event it finished if it throws ({@code core/Loops}). */
    void run() throws InterruptedException {
        try (Journal.Tail reader = events.tail(fannedOutTo)) {
            Signal.Follower follower = appended.follower();
            while (!stopping.getAsBoolean()) {
                if (handover != null) applyResumes();
                catchUp();
                long seen = appended.version();
                JournalEntry entry = reader.next(missing);
                if (entry == null) {
                    // the scheduler is not woken: it reads how far fan-out got at its next round, and retention
                    // asks it (Inbox.Report); a wake per event cost P5 spread two thread switches per event
                    if (behind.isEmpty()) recovered.forget();
                    follower.idle(seen, behind.isEmpty() ? 200 : 20);
                    continue;
                }
                follower.found();
                EventCodec.Decoded decoded = recent.decode(entry.seq(), entry.bytes(), reread);
                fanOut(decoded.event(), decoded.target(), null);
                fannedOutTo = entry.seq();
                published.set(entry.seq());
            }
        }
    }

    /** Lanes that fell behind and have room again read the journal for themselves up to the main reader. */
    private void catchUp() {
        if (behind.isEmpty()) return;
        for (String sub : List.copyOf(behind.keySet())) {
            if (!bounds.roomy(sub)) continue;
            long from = behind.get(sub);
            long stoppedAt = 0;
            try (Journal.Tail reader = events.tail(from - 1)) {
                for (JournalEntry e; stoppedAt == 0 && (e = reader.next()) != null && e.seq() <= fannedOutTo; ) {
                    EventCodec.Decoded d = recent.reread(e.seq(), e.bytes());
                    if (!fanOut(d.event(), d.target(), sub)) stoppedAt = e.seq();
                }
            }
            if (stoppedAt == from) continue;
            if (stoppedAt == 0) {
                behind.remove(sub);
                if (gained != null) gained.caughtUp(sub);
            } else {
                behind.put(sub, stoppedAt);
                inbox.send(new Inbox.Hold(stoppedAt, sub)); // before the release, so the checkpoint never skips ahead
            }
            inbox.send(new Inbox.Release(from, sub));
        }
    }

    /**
     * @param only the one lane a catch-up reads for, or null for every lane not behind
     * @return false when {@code only} is full again (its cursor stays at this event)
     */
    private boolean fanOut(StoredEvent event, String target, String only) {
        // made for the first subscription that takes the event: most events at P2's rates match none
        Instant now = null;
        Map<String, byte[]> bodies = null;
        for (Subscription sub : receivers(event, target)) {
            if (only != null ? !only.equals(sub.id()) : behind.containsKey(sub.id())) continue;
            if (target == null && !sub.matches(event.type())) continue;
            if (!ownership.owns(sub.id())) continue; // another node delivers it (cluster mode)
            if (gained != null && !gained.needs(event, sub, only != null)) continue; // its old owner finished it
            if (resume.predates(event, sub)) continue; // journaled before a rebuilt checkpoint, and before sub
            if (only == null && progress.done(event.seq(), sub.id())) continue; // made before a failure part-way
            if (bodies == null) {
                now = clock.instant();
                bodies = new LinkedHashMap<>(2);
            }
            if (!fanOut(event, sub, now, bodies)) {
                if (only != null) return false;
                behind.put(sub.id(), event.seq());
                inbox.send(new Inbox.Hold(event.seq(), sub.id()));
                log.info("lane_behind subscription={} from={}; other lanes go on", sub.id(), event.seq());
            }
            if (only == null) progress.mark(event.seq(), sub.id());
        }
        return true;
    }

    /** Makes the subscription's delivery of the event, unless a restart found it final; false when its lane is full. */
    private boolean fanOut(StoredEvent event, Subscription sub, Instant now, Map<String, byte[]> bodies) {
        DeliveryId id = new DeliveryId(event.seq(), sub.id());
        if (!sub.enabled()) {
            DeliveryStore.Entry prior = recovered.take(id);
            if (prior == null || !prior.record().status().terminal()) {
                attempts.skip(id, event.id(), "subscription disabled (" + sub.disabledReason() + ")");
            }
            return true;
        }
        if (!bounds.tryReserve(sub.id())) return false;
        DeliveryStore.Entry prior = recovered.take(id);
        if (prior == null && gained != null) prior = gained.recordedElsewhere(id);
        if (prior != null && prior.record().status().terminal()) {
            bounds.free(sub.id());
            return true;
        }
        Delivery d = prior != null ? Delivery.resume(prior, true, now) : new Delivery(id, event.id(), true, 0, 0, now, 0);
        d.reserved = true;
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
        inbox.send(new Inbox.Add(d, true));
        return true;
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
}
