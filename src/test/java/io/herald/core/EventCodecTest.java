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
        return EventCodec.decode(e.seq(), EventCodec.encode(e, null, Json.bytes(e.data()), key, target));
    }

    @Test
    void created_at_is_the_text_of_its_own_instant_whichever_came_before() {
        Instant a = Instant.parse("2026-11-23T10:00:00.123Z");
        Instant b = Instant.parse("2026-11-23T10:00:00.124Z");
        Instant subMilli = Instant.parse("+12026-11-23T10:00:00.123456Z"); // Instant's own text, all digits
        for (Instant t : new Instant[] {a, a, b, a, subMilli, b, subMilli}) {
            String expected = ",\"createdAt\":\"" + (t == subMilli ? t.toString() : Timestamps.format(t)) + "\"";
            assertEquals(expected, new String(EventCodec.createdAt(t), StandardCharsets.US_ASCII), t.toString());
        }
        assertSame(EventCodec.createdAt(a), EventCodec.createdAt(a), "the same millisecond again: the kept bytes");
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
    void an_entry_holds_its_resources_needle_and_not_another_resources() {
        ResourceRef odd = new ResourceRef("jobs", "caf\u00e9 \"7\"");
        StoredEvent e = new StoredEvent("evt_4", 9, "a", AT, odd, Json.MAPPER.createObjectNode(), null);
        byte[] bytes = EventCodec.encode(e, null, Json.bytes(e.data()), null, null);
        assertTrue(EventCodec.contains(bytes, EventCodec.resourceNeedle(odd)));
        assertFalse(EventCodec.contains(bytes, EventCodec.resourceNeedle(new ResourceRef("jobs", "caf\u00e9"))));
        assertFalse(EventCodec.contains(bytes, EventCodec.resourceNeedle(new ResourceRef("job", "caf\u00e9 \"7\""))));
    }

    @Test
    void an_event_of_no_tenant_has_no_tenant_field_at_all() {
        StoredEvent e = new StoredEvent("evt_2", 8, "a", AT, null, Json.MAPPER.createObjectNode(), null);
        byte[] bytes = EventCodec.encode(e, null, Json.bytes(e.data()), null, null);
        assertFalse(new String(bytes, StandardCharsets.UTF_8).contains("tenant"));
        assertNull(EventCodec.decode(8, bytes).event().tenant());
        assertFalse(e.toJson().has("tenant"));
    }

    @Test
    void a_journal_entry_written_before_tenants_reads_as_an_event_of_no_tenant() {
        byte[] old = ("{\"id\":\"evt_3\",\"seq\":3,\"type\":\"a.b\",\"createdAt\":\"2026-11-01T00:00:00.000Z\","
                + "\"data\":{\"n\":1},\"_key\":\"key:once\"}").getBytes(StandardCharsets.UTF_8);
        EventCodec.Decoded d = EventCodec.decode(3, old);
        assertNull(d.event().tenant());
        assertEquals("key:once", d.idempotencyKey());
        assertEquals(1, d.event().data().get("n").asInt());
    }

    @Test
    void an_entry_holds_nothing_that_depends_on_its_seq_and_reads_back_with_the_seq_it_was_read_at() {
        String tail = "AbCdEfGhIj";
        StoredEvent unsaved = new StoredEvent(null, 0, "render.done", AT, null,
                Json.MAPPER.createObjectNode().put("n", 1), null);
        byte[] bytes = EventCodec.encode(unsaved, tail, Json.bytes(unsaved.data()), null, null);
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(text.contains("\"seq\""), text);
        assertFalse(text.contains("\"id\""), text);
        for (long seq : new long[] {1, 17, 123_456_789}) {
            StoredEvent read = EventCodec.decode(seq, bytes).event();
            assertEquals(seq, read.seq());
            assertEquals(EventIds.make(seq, tail), read.id());
            assertEquals(seq, EventIds.seqOf(read.id()).getAsLong());
        }
    }

    @Test
    void a_journal_entry_written_with_its_seq_and_id_inside_reads_as_before() {
        // the shape written until late 2026: id and seq first, a Herald-made id carrying the seq
        String id = EventIds.make(41, "0123456789");
        byte[] old = ("{\"id\":\"" + id + "\",\"seq\":41,\"type\":\"a.b\",\"createdAt\":\"2026-11-01T00:00:00.000Z\","
                + "\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"},\"data\":{\"n\":1},\"previous\":{},\"_key\":\"key:k\"}")
                .getBytes(StandardCharsets.UTF_8);
        EventCodec.Decoded d = EventCodec.decode(41, old);
        assertEquals(id, d.event().id());
        assertEquals(41, d.event().seq());
        assertEquals("key:k", d.idempotencyKey());
        assertEquals("{\"id\":\"" + id + "\",\"seq\":41,\"type\":\"a.b\",\"createdAt\":\"2026-11-01T00:00:00.000Z\","
                + "\"resource\":{\"type\":\"jobs\",\"id\":\"j1\"},\"data\":{\"n\":1},\"previous\":{}}",
                d.event().toJson().toString());
    }

    @Test
    void the_tenant_prefilter_never_misses_the_tenants_own_entries() {
        StoredEvent acme = new StoredEvent("evt_4", 9, "a", AT, null, Json.MAPPER.createObjectNode(), null, "acme");
        byte[] bytes = EventCodec.encode(acme, null, Json.bytes(acme.data()), null, null);
        assertTrue(EventCodec.mayBelongTo(bytes, "acme"));
        assertFalse(EventCodec.mayBelongTo(bytes, "acm"));
        assertFalse(EventCodec.mayBelongTo(bytes, "globex"));
    }

    @Test
    void an_entry_made_in_two_parts_reads_back_as_the_whole_event_with_its_time_and_previous() {
        // ingest makes the head before its lock, from an event whose createdAt and previous it does not know yet
        ObjectNode data = Json.MAPPER.createObjectNode().put("createdAt", "not-this-one").put("n", 2);
        ObjectNode previous = Json.MAPPER.createObjectNode().put("n", 1);
        ResourceRef job = new ResourceRef("jobs", "j1");
        StoredEvent unsaved = new StoredEvent(null, 0, "render.progress", null, job, data, null, "acme");
        byte[] head = EventCodec.head(unsaved, "AbCdEfGhIj", Json.bytes(data), "key:k", null);
        for (ObjectNode prev : new ObjectNode[] {previous, null}) {
            byte[] entry = EventCodec.entry(head, EventCodec.createdAt(AT), prev);
            EventCodec.Decoded d = EventCodec.decode(5, entry);
            assertEquals(new StoredEvent(EventIds.make(5, "AbCdEfGhIj"), 5, "render.progress", AT, job, data, prev,
                    "acme"), d.event());
            assertEquals("key:k", d.idempotencyKey());
            assertTrue(EventCodec.contains(entry, EventCodec.resourceNeedle(job)));
            assertTrue(EventCodec.mayBelongTo(entry, "acme"));
        }
    }
}
