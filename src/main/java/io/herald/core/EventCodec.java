package io.herald.core;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;

/**
 * The journal entry of an event: its public JSON (3.3) without what depends on its seq, plus private fields.
 * {@code _r}: the random tail of an id Herald made, which is {@code evt_} + the seq + this tail
 * ({@link EventIds}); a producer's own id is stored as {@code id} instead. {@code _key}: the idempotency key of
 * the post, so that idempotency survives a restart. {@code _to}: the one subscription a test event is for. None
 * is ever shown to readers.
 *
 * <p>Why the seq is not in the entry: the journal gives it only once the entry is written (a Kafka offset is
 * known after the broker acknowledged), so the bytes must be final before. {@link #decode} takes the seq the
 * journal read the entry at and puts {@code seq} and a Herald-made {@code id} back. Entries written before this
 * (up to late 2026) hold {@code "id"} and {@code "seq"} themselves; they decode as before, the seq they hold
 * being the journal's.
 *
 * <p>Encoding writes the bytes directly around {@code data}'s JSON, which the caller serialised beforehand
 * (outside ingest's lock, on the request's own thread): building and serialising a whole tree per event was a
 * fifth of batch ingest's CPU, all of it under the lock. Since December 2026 the entry is made in two parts,
 * {@link #head} before the lock and {@link #entry} under it, so {@code createdAt} and {@code previous} come last
 * (encoding under the lock was 9% of batch ingest's CPU, and the lock was busy ~60% of the time). Readers never
 * depend on the order of fields; the byte filters ({@link #mayBelongTo}, {@link #resourceNeedle}) look for a
 * field wherever it is.
 */
public final class EventCodec {
    private static final String KEY_FIELD = "_key";
    private static final String TARGET_FIELD = "_to";
    private static final String TAIL_FIELD = "_r";
    private static final byte[] PREVIOUS = ",\"previous\":".getBytes(StandardCharsets.US_ASCII);
    // each field's start in one piece: written a character at a time, the head took twice as long (P2)
    private static final byte[] TAIL_FIRST = start('{', TAIL_FIELD);
    private static final byte[] ID_FIRST = start('{', "id");
    private static final byte[] TYPE = start(',', "type");
    private static final byte[] RESOURCE = start(',', "resource");
    private static final byte[] TYPE_FIRST = start('{', "type");
    private static final byte[] ID = start(',', "id");
    private static final byte[] TENANT = start(',', "tenant");
    private static final byte[] DATA = start(',', "data");
    private static final byte[] KEY = start(',', KEY_FIELD);
    private static final byte[] TARGET = start(',', TARGET_FIELD);

    /** An immutable pair behind a volatile field ({@link #lastCreatedAt}), so any thread may replace it. */
    private record CreatedAt(long millis, byte[] bytes) {}

    /** The last {@link #createdAt} made: a post's answer asks for the one its ingest just made */
    private static volatile CreatedAt lastCreatedAt = new CreatedAt(Long.MIN_VALUE, new byte[0]);

    private EventCodec() {}

    /**
     * @param e the event; its {@code seq} is not written, nor its {@code id} when {@code idTail} is given
     * @param idTail the random tail of the id Herald makes, or null when {@code e.id()} is the producer's own
     * @param data the JSON of {@code e.data()}
     */
    public static byte[] encode(StoredEvent e, String idTail, byte[] data, String idempotencyKey, String target) {
        return entry(head(e, idTail, data, idempotencyKey, target), createdAt(e.createdAt()), e.previous());
    }

    /**
     * The part of an entry that depends neither on when ingest takes the event nor on its resource's state (so it
     * is made before ingest's lock, on the request's own thread): all but {@code createdAt} and {@code previous},
     * without the closing brace. {@code e}'s createdAt and previous are not read. {@link #entry} finishes it.
     */
    public static byte[] head(StoredEvent e, String idTail, byte[] data, String idempotencyKey, String target) {
        return ScratchBytes.write(b -> {
            if (idTail != null) {
                b.write(TAIL_FIRST);
                string(b, idTail);
            } else {
                b.write(ID_FIRST);
                string(b, e.id());
            }
            b.write(TYPE);
            string(b, e.type());
            if (e.resource() != null) {
                b.write(RESOURCE);
                b.write(TYPE_FIRST);
                string(b, e.resource().type());
                b.write(ID);
                string(b, e.resource().id());
                b.append('}');
            }
            if (e.tenant() != null) {
                b.write(TENANT);
                string(b, e.tenant());
            }
            b.write(DATA);
            b.write(data);
            if (idempotencyKey != null) {
                b.write(KEY);
                string(b, idempotencyKey);
            }
            if (target != null) {
                b.write(TARGET);
                string(b, target);
            }
        });
    }

    /**
     * {@code ,"createdAt":"..."}: the same for every event ingest takes in one call, so written once per call.
     * Callers must not change the array: the last one made is kept and given again for the same millisecond, as
     * the answer to the post asks for it right after ingest did (a single post made it twice: 6% of what a post
     * allocated, P5 spread).
     */
    public static byte[] createdAt(Instant at) {
        long millis = at.toEpochMilli();
        CreatedAt c = lastCreatedAt;
        if (c.millis == millis && at.getNano() % 1_000_000 == 0) return c.bytes;
        byte[] bytes = (",\"createdAt\":\"" + Timestamps.format(at) + '"').getBytes(StandardCharsets.US_ASCII);
        if (at.getNano() % 1_000_000 == 0) lastCreatedAt = new CreatedAt(millis, bytes);
        return bytes;
    }

    /** The whole entry: a {@link #head}, its {@link #createdAt} and its {@code previous} (null: none), closed. */
    public static byte[] entry(byte[] head, byte[] createdAt, ObjectNode previous) {
        // with the kept generator, in one write: the diff written apart and copied in was a tenth of P2's garbage
        return ScratchBytes.write(b -> {
            b.write(head);
            rest(b, createdAt, previous);
        });
    }

    /** What follows a {@link #head} in its entry: the entry is the head's bytes, then these (see {@link #entry}). */
    public static byte[] rest(byte[] createdAt, ObjectNode previous) {
        return ScratchBytes.write(b -> rest(b, createdAt, previous));
    }

    private static void rest(ScratchBytes.Out b, byte[] createdAt, ObjectNode previous) throws IOException {
        b.write(createdAt);
        if (previous != null) {
            b.write(PREVIOUS);
            previous.serialize(b.json(), b.provider());
        }
        b.append('}');
    }

    /**
     * False when the entry certainly belongs to another tenant (or none): its bytes do not hold
     * {@code "tenant":"<name>"}. Lets a tenant's read of the journal skip decoding everyone else's events; a true
     * answer still needs {@link #decode} (the text might sit inside {@code data}).
     */
    public static boolean mayBelongTo(byte[] bytes, String tenant) {
        return contains(bytes, ("\"tenant\":\"" + tenant + "\"").getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The bytes an entry of {@code ref}'s events holds, as {@link #encode} writes them: an entry without them is
     * certainly of another resource (see {@link #contains}); one with them still needs {@link #decode}.
     */
    public static byte[] resourceNeedle(ResourceRef ref) {
        return ScratchBytes.write(b -> {
            b.write(RESOURCE);
            b.write(TYPE_FIRST);
            string(b, ref.type());
            b.write(ID);
            string(b, ref.id());
            b.append('}');
        });
    }

    public static boolean contains(byte[] bytes, byte[] needle) {
        outer:
        for (int i = 0, last = bytes.length - needle.length; i <= last; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes[i + j] != needle[j]) continue outer;
            }
            return true;
        }
        return false;
    }

    /** The entry the journal holds at {@code seq}, as the stored event (with its seq and id) and its private fields. */
    public static Decoded decode(long seq, byte[] bytes) {
        try {
            ObjectNode n = (ObjectNode) Json.MAPPER.readTree(bytes);
            String key = n.hasNonNull(KEY_FIELD) ? n.remove(KEY_FIELD).asText() : null;
            String target = n.hasNonNull(TARGET_FIELD) ? n.remove(TARGET_FIELD).asText() : null;
            JsonNode tail = n.remove(TAIL_FIELD);
            String id = tail != null ? EventIds.make(seq, tail.asText()) : n.get("id").asText();
            return new Decoded(StoredEvent.fromJson(n, id, seq), key, target);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable journal entry", e);
        }
    }

    /** {@code open}, the field's quoted name and a colon (names are plain ASCII). */
    private static byte[] start(char open, String name) {
        return (open + "\"" + name + "\":").getBytes(StandardCharsets.US_ASCII);
    }

    private static void string(ScratchBytes.Out b, String s) throws IOException {
        b.append('"');
        if (ScratchBytes.plain(s)) b.ascii(s);
        else b.write(JsonStringEncoder.getInstance().quoteAsUTF8(s));
        b.append('"');
    }

    /** @param target null for an event that goes to every matching subscription */
    public record Decoded(StoredEvent event, String idempotencyKey, String target) {}
}
