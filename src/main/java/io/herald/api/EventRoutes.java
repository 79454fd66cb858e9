package io.herald.api;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.RequestJson;
import io.herald.core.Timestamps;
import io.herald.ingest.Accepted;
import io.herald.ingest.EventValidator;
import io.herald.ingest.Poster;
import io.herald.ingest.NewEvent;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** POST /api/v1/events and /events/batch (CONTRACT 3.1). */
public final class EventRoutes {
    static final int MAX_BATCH = 1000;

    private final Poster ingest;

    public EventRoutes(Poster ingest) {
        this.ingest = ingest;
    }

    public void install(JavalinConfig config) {
        config.routes.post("/api/v1/events", this::post);
        config.routes.post("/api/v1/events/batch", this::postBatch);
    }

    private void post(Context ctx) {
        RequestJson.Events body = Bodies.events(ctx);
        NewEvent e = EventValidator.validate(body.body(), false, body.data());
        Accepted a = ingest.post(e, idempotencyKey(ctx));
        ctx.status(a.duplicate() ? 200 : 202).contentType("application/json").result(json(g -> answer(g, a)));
    }

    private void postBatch(Context ctx) {
        RequestJson.Events body = Bodies.events(ctx);
        JsonNode list = body.body().isObject() ? body.body().get("events") : null;
        if (list == null || !list.isArray()) throw HeraldException.invalid("the body must be {\"events\": [...]}");
        if (list.isEmpty()) throw HeraldException.invalid("events must hold at least one event");
        if (list.size() > MAX_BATCH) throw HeraldException.invalid("a batch holds at most " + MAX_BATCH + " events");
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
        String key = idempotencyKey(ctx);
        List<String> keys = null;
        if (key != null) {
            keys = new ArrayList<>(events.size());
            for (int i = 0; i < events.size(); i++) keys.add(key + "#" + i);
        }
        ctx.status(202).contentType("application/json").result(answers(ingest.postAll(events, keys)));
    }

    /** {@code {"events": [answer, ...]}}, written straight out: a tree per event cost batch ingest 2% of its CPU. */
    private static byte[] answers(List<Accepted> accepted) {
        return json(g -> {
            g.writeStartObject();
            g.writeArrayFieldStart("events");
            for (Accepted a : accepted) answer(g, a);
            g.writeEndArray();
            g.writeEndObject();
        });
    }

    /** One event's answer (CONTRACT 3.1), alone or in a batch's list. */
    private static void answer(JsonGenerator g, Accepted a) throws IOException {
        g.writeStartObject();
        g.writeStringField("id", a.id());
        g.writeNumberField("seq", a.seq());
        g.writeStringField("createdAt", Timestamps.format(a.createdAt()));
        if (a.duplicate()) g.writeBooleanField("duplicate", true);
        g.writeEndObject();
    }

    private interface Writing {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] json(Writing writing) {
        ByteArrayBuilder out = new ByteArrayBuilder(128);
        try (JsonGenerator g = Json.MAPPER.getFactory().createGenerator(out)) {
            writing.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a byte array does not fail
        }
        return out.toByteArray();
    }

    private static String idempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) return null;
        if (key.length() > 256) throw HeraldException.invalid("Idempotency-Key is longer than 256 characters");
        return key.trim();
    }
}
