package io.herald.api;

import io.herald.auth.Callers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.StoredEvent;
import io.herald.delivery.DeliveryId;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.DeliveryView;
import io.herald.core.EventIds;
import io.herald.ingest.IngestState;
import io.herald.journal.Journal;
import io.herald.core.Caller;
import io.herald.journal.JournalEntry;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import io.javalin.config.JavalinConfig;
import java.util.Comparator;
import java.util.OptionalLong;

/**
 * {@code GET /api/v1/events/{id}/deliveries}: what one event caused, one delivery per subscription that has a record
 * of it. A delivery's id is its event's seq and its subscription, so each is looked up directly; only subscriptions
 * the event could have reached are asked (its target, or those matching its type and older than it).
 */
public final class EventDeliveriesRoutes {
    private final Journal journal;
    private final IngestState state;
    private final Subscriptions subscriptions;
    private final DeliveryStore deliveryStore;

    public EventDeliveriesRoutes(Journal journal, IngestState state, Subscriptions subscriptions,
                                 DeliveryStore deliveryStore) {
        this.journal = journal;
        this.state = state;
        this.subscriptions = subscriptions;
        this.deliveryStore = deliveryStore;
    }

    public void install(JavalinConfig cfg) {
        cfg.routes.get("/api/v1/events/{id}/deliveries", ctx -> {
            String id = ctx.pathParam("id");
            EventCodec.Decoded d = find(id);
            Caller caller = Callers.of(ctx);
            // another tenant's event answers exactly as a missing one
            if (d == null || !caller.owns(d.event().tenant())) throw HeraldException.notFound("event " + id);
            deliveryStore.requireLoaded();
            StoredEvent ev = d.event();
            ObjectNode root = Json.MAPPER.createObjectNode();
            root.put("eventId", ev.id());
            ArrayNode list = root.putArray("deliveries");
            subscriptions.visibleTo(caller).all().stream()
                    .filter(s -> couldHaveReached(s, ev, d.target()))
                    .sorted(Comparator.comparing(Subscription::id))
                    .map(s -> deliveryStore.find(new DeliveryId(ev.seq(), s.id())))
                    .filter(v -> v != null)
                    .forEach(v -> list.add(v.toJson()));
            SubscriptionRoutes.json(ctx, 200, root);
        });
    }

    private static boolean couldHaveReached(Subscription s, StoredEvent ev, String target) {
        if (target != null) return target.equals(s.id());
        // one created after the event never got it, and asking would walk its whole log for nothing
        return s.matches(ev.type()) && !s.createdAt().isAfter(ev.createdAt());
    }

    /** The event by the id Herald made or the producer's own, with its test-event target; null if unknown. */
    private EventCodec.Decoded find(String id) {
        Long seq = state.seqOfProducerId(id);
        if (seq == null) {
            OptionalLong made = EventIds.seqOf(id);
            if (made.isEmpty()) return null;
            seq = made.getAsLong();
        }
        JournalEntry e = journal.read(seq);
        if (e == null) return null;
        EventCodec.Decoded d = EventCodec.decode(e.seq(), e.bytes());
        return d.event().id().equals(id) ? d : null;
    }
}
