package io.herald.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.HeraldException;
import io.herald.core.RequestJson;
import io.herald.ingest.EventValidator;
import io.herald.ingest.NewEvent;
import io.herald.ingest.PlainEvent;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Reading request bodies: the content types CONTRACT 3.1 accepts, then strict JSON. */
final class Bodies {
    private Bodies() {}

    static JsonNode json(Context ctx) {
        checkContentType(ctx.header("Content-Type"));
        return RequestJson.parse(bytes(ctx));
    }

    /**
     * A batch body's events ({@code {"events": [...]}}, 1 to {@code max}): read in one pass when every event is
     * plain ({@link PlainEvent#readBatch}), else parsed and validated the general way, which refuses the whole
     * batch if any event is invalid, naming every bad index.
     */
    static List<NewEvent> batch(String contentType, byte[] body, int max) {
        checkContentType(contentType);
        List<NewEvent> events = PlainEvent.readBatch(body, max);
        return events != null ? events : validated(RequestJson.parseEvents(body), max);
    }

    private static List<NewEvent> validated(RequestJson.Events body, int max) {
        JsonNode list = body.body().isObject() ? body.body().get("events") : null;
        if (list == null || !list.isArray()) throw HeraldException.invalid("the body must be {\"events\": [...]}");
        // as for one event: a field beside the list ("tenant" meant for every event, say) would do nothing, silently
        body.body().fieldNames().forEachRemaining(f -> {
            if (!f.equals("events")) {
                throw HeraldException.invalid("unknown field \"" + f + "\" beside \"events\"; each event carries its own fields");
            }
        });
        if (list.isEmpty()) throw HeraldException.invalid("events must hold at least one event");
        if (list.size() > max) throw HeraldException.invalid("a batch holds at most " + max + " events");
        List<NewEvent> events = new ArrayList<>(list.size());
        List<HeraldException.Detail> bad = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            try {
                events.add(EventValidator.validate(list.get(i), false, body.data()));
            } catch (HeraldException ex) {
                bad.add(new HeraldException.Detail(i, ex.getMessage()));
            }
        }
        if (!bad.isEmpty()) {
            throw new HeraldException(400, "invalid_request", bad.size() + " of " + list.size()
                    + " events are invalid; nothing was accepted", bad, null);
        }
        return events;
    }

    /**
     * A single event's body: read in one pass when it is a plain valid event ({@link PlainEvent}), else parsed and
     * validated the general way, which refuses what is wrong.
     */
    static NewEvent event(String contentType, byte[] body) {
        checkContentType(contentType);
        NewEvent e = PlainEvent.read(body);
        if (e != null) return e;
        RequestJson.Events parsed = RequestJson.parseEvents(body);
        return EventValidator.validate(parsed.body(), false, parsed.data());
    }

    /**
     * The body {@link BodyGate} read before the route ran (no copy), or, for a request that did not pass through it
     * (one without a body), what Javalin reads.
     */
    static byte[] bytes(Context ctx) {
        return ctx.attribute(BodyGate.BODY) instanceof byte[] body ? body : ctx.bodyAsBytes();
    }

    /** No type, JSON with any charset, or the form type `curl -d` sends by default; anything else is a 415. */
    static void checkContentType(String header) {
        if (header == null || header.isBlank()) return;
        int semi = header.indexOf(';');
        String type = (semi < 0 ? header : header.substring(0, semi)).trim();
        if (type.equalsIgnoreCase("application/json") || type.equalsIgnoreCase("application/x-www-form-urlencoded")) return;
        type = type.toLowerCase(Locale.ROOT);
        throw new HeraldException(415, "unsupported_media_type", "Content-Type " + type + " is not supported; send application/json");
    }
}
