package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The journal encoding of an event: tenant when it has one, absent when not, and entries from before tenants. */
class EventCodecTest {
    static final Instant AT = Instant.parse("2026-11-23T10:00:00.123Z");

    static EventCodec.Decoded roundTrip(StoredEvent e, String key, String target) {
        return EventCodec.decode(EventCodec.encode(e, Json.bytes(e.data()), key, target));
    }

    @Test
    void a_tenant_is_kept_beside_the_private_fields_and_shown_in_the_public_json() {
        ObjectNode data = Json.MAPPER.createObjectNode().put("tenant", "not-this-one");
        StoredEvent e = new StoredEvent("evt_1", 7, "render.done", AT, new ResourceRef("jobs", "j1"), data,
                Json.MAPPER.createObjectNode(), "acme");
        EventCodec.Decoded d = roundTrip(e, "tkey:acme/k", "sub_1");
        assertEquals(e, d.event());
        assertEquals("tkey:acme/k", d.idempotencyKey());
        assertEquals("sub_1", d.target());
        assertEquals("{\"id\":\"evt_1\",\"seq\":7,\"type\":\"render.done\",\"createdAt\":\"2026-11-23T10:00:00.123Z\","
                + "\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"},\"tenant\":\"acme\",\"data\":{\"tenant\":\"not-this-one\"},"
                + "\"previous\":{}}", d.event().toJson().toString());
    }

    @Test
    void an_event_of_no_tenant_has_no_tenant_field_at_all() {
        StoredEvent e = new StoredEvent("evt_2", 8, "a", AT, null, Json.MAPPER.createObjectNode(), null);
        byte[] bytes = EventCodec.encode(e, Json.bytes(e.data()), null, null);
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("tenant"));
        assertNull(EventCodec.decode(bytes).event().tenant());
        assertFalse(e.toJson().has("tenant"));
    }

    @Test
    void a_journal_entry_written_before_tenants_reads_as_an_event_of_no_tenant() {
        byte[] old = ("{\"id\":\"evt_3\",\"seq\":3,\"type\":\"a.b\",\"createdAt\":\"2026-11-01T00:00:00.000Z\","
                + "\"data\":{\"n\":1},\"_key\":\"key:once\"}").getBytes(StandardCharsets.UTF_8);
        EventCodec.Decoded d = EventCodec.decode(old);
        assertNull(d.event().tenant());
        assertEquals("key:once", d.idempotencyKey());
        assertEquals(1, d.event().data().get("n").asInt());
    }

    @Test
    void the_tenant_prefilter_never_misses_the_tenants_own_entries() {
        StoredEvent acme = new StoredEvent("evt_4", 9, "a", AT, null, Json.MAPPER.createObjectNode(), null, "acme");
        byte[] bytes = EventCodec.encode(acme, Json.bytes(acme.data()), null, null);
        assertTrue(EventCodec.mayBelongTo(bytes, "acme"));
        assertFalse(EventCodec.mayBelongTo(bytes, "acm"));
        assertFalse(EventCodec.mayBelongTo(bytes, "globex"));
    }
}
