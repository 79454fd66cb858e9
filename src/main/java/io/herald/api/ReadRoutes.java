package io.herald.api;

import io.herald.auth.Callers;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Caller;
import io.herald.core.EventCodec;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.ResourceRef;
import io.herald.core.StoredEvent;
import io.herald.core.TenantName;
import io.herald.core.Timestamps;
import io.herald.core.TypePattern;
import io.herald.core.EventIds;
import io.herald.ingest.IngestState;
import io.herald.ingest.ResourceState;
import io.herald.journal.Journal;
import io.herald.journal.JournalEntry;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/** GET /api/v1/events, /events/{id} and /resources/{type}/{id} (CONTRACT 3.4). */
public final class ReadRoutes {
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;
    /** not a tenant name ('/' is not allowed in one), so no event has it */
    private static final String NO_TENANT = "/";

    private final Journal journal;
    private final IngestState state;

    public ReadRoutes(Journal journal, IngestState state) {
        this.journal = journal;
        this.state = state;
    }

    public void install(JavalinConfig config) {
        config.routes.get("/api/v1/events", this::list);
        config.routes.get("/api/v1/events/{id}", this::one);
        config.routes.get("/api/v1/resources/{type}/{id}", this::resource);
    }

    private void list(Context ctx) {
        List<TypePattern> types = patterns(ctx.queryParam("type"));
        ResourceRef resource = resourceParam(ctx.queryParam("resource"));
        long after = Params.nonNegativeLong(ctx, "after", 0);
        int limit = Params.limit(ctx, DEFAULT_LIMIT, MAX_LIMIT);
        String tenant = tenantParam(ctx, Callers.of(ctx));
        ObjectNode out = Json.MAPPER.createObjectNode();
        ArrayNode events = out.putArray("events");
        long last = -1;
        try (Journal.Tail r = journal.tail(NO_TENANT.equals(tenant) ? journal.lastSeq() : after)) {
            for (JournalEntry e; events.size() < limit && (e = r.next()) != null; ) {
                if (tenant != null && !EventCodec.mayBelongTo(e.bytes(), tenant)) continue;
                StoredEvent ev = EventCodec.decode(e.seq(), e.bytes()).event();
                if (tenant != null && !tenant.equals(ev.tenant())) continue;
                if (types != null && !TypePattern.anyMatches(types, ev.type())) continue;
                if (resource != null && !resource.equals(ev.resource())) continue;
                events.add(ev.toJson());
                last = ev.seq();
            }
        }
        if (events.size() == limit) out.put("next", last);
        else out.putNull("next");
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    private void one(Context ctx) {
        String id = ctx.pathParam("id");
        Long seq = state.seqOfProducerId(id);
        if (seq == null) {
            OptionalLong made = EventIds.seqOf(id);
            seq = made.isPresent() ? made.getAsLong() : null;
        }
        StoredEvent ev = seq == null ? null : read(seq);
        // another tenant's event answers exactly as a missing one
        if (ev == null || !ev.id().equals(id) || !Callers.of(ctx).owns(ev.tenant())) {
            throw HeraldException.notFound("event " + id);
        }
        ctx.contentType("application/json").result(Json.bytes(ev.toJson()));
    }

    private StoredEvent read(long seq) {
        JournalEntry e = journal.read(seq);
        return e == null ? null : EventCodec.decode(e.seq(), e.bytes()).event();
    }

    private void resource(Context ctx) {
        ResourceRef ref = new ResourceRef(ctx.pathParam("type"), ctx.pathParam("id"));
        ResourceState s = state.resource(ref);
        if (s == null) throw HeraldException.notFound("resource " + ref.key());
        ObjectNode out = Json.MAPPER.createObjectNode();
        out.putObject("resource").put("type", ref.type()).put("id", ref.id());
        out.set("state", s.state());
        out.put("seq", s.seq());
        out.put("updatedAt", Timestamps.format(s.updatedAt()));
        ctx.contentType("application/json").result(Json.bytes(out));
    }

    private static List<TypePattern> patterns(String param) {
        if (param == null || param.isBlank()) return null;
        List<TypePattern> out = new ArrayList<>();
        for (String p : param.split(",")) {
            if (!TypePattern.isValid(p.trim())) throw HeraldException.invalid("type: bad event pattern \"" + p + "\"");
            out.add(TypePattern.of(p.trim()));
        }
        return out;
    }

    /**
     * The tenant whose events to list: the {@code tenant} parameter for the operator (null: every event); always
     * the caller's own for a tenant, and for one that names another tenant a name no event has, so that the
     * answer is the same empty page as for a tenant that does not exist.
     */
    private static String tenantParam(Context ctx, Caller caller) {
        String param = ctx.queryParam("tenant");
        String named = param == null || param.isBlank() ? null : TenantName.require("tenant", param.trim());
        if (caller.isOperator() || named == null || named.equals(caller.tenant())) {
            return caller.isOperator() ? named : caller.tenant();
        }
        return NO_TENANT;
    }

    private static ResourceRef resourceParam(String param) {
        if (param == null || param.isBlank()) return null;
        int slash = param.indexOf('/');
        if (slash <= 0 || slash == param.length() - 1) {
            throw HeraldException.invalid("resource must be TYPE/ID, e.g. render-jobs/550e8400");
        }
        return new ResourceRef(param.substring(0, slash), param.substring(slash + 1));
    }
}
