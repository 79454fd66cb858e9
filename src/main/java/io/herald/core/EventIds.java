package io.herald.core;

import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Ids Herald makes: {@code evt_} + the seq in 11 base-62 digits + 10 random base-62 digits. Carrying the seq
 * lets {@code GET /events/{id}} find the event without an id index; the random tail keeps ids unguessable
 * from one another. A producer's own ids are looked up in ingest's state instead.
 *
 * <p>The journal gives the seq only once the entry is written, so the entry stores just the random
 * {@link #tail} and the id is put together when it is read ({@link EventCodec#decode}): the id is a function of
 * what the journal holds, on every node that reads it.
 */
public final class EventIds {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String PREFIX = "evt_";
    private static final int SEQ_DIGITS = 11;
    private static final int RANDOM_DIGITS = 10;
    private static final long RANDOM_BOUND = 839_299_365_868_340_224L; // 62^10

    /** the digits as bytes: ids are made in a byte array (a char array first, then compacted, was twice the garbage) */
    private static final byte[] DIGIT = DIGITS.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PREFIX_BYTES = PREFIX.getBytes(StandardCharsets.US_ASCII);

    /** each character's digit value, -1 for a non-digit (indexOf per character cost 3% of batch ingest) */
    private static final byte[] VALUE = new byte[128];

    static {
        java.util.Arrays.fill(VALUE, (byte) -1);
        for (int i = 0; i < DIGITS.length(); i++) VALUE[DIGITS.charAt(i)] = (byte) i;
    }

    private EventIds() {}

    private static int value(char c) {
        return c < 128 ? VALUE[c] : -1;
    }

    /** A fresh random tail: one draw, as 62^10 < 2^63 and each SecureRandom call costs a lock and a read. */
    public static String tail(RandomGenerator random) {
        byte[] out = new byte[RANDOM_DIGITS];
        long r = random.nextLong(RANDOM_BOUND);
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            out[i] = DIGIT[(int) (r % 62)];
            r /= 62;
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    public static String make(long seq, RandomGenerator random) {
        return make(seq, tail(random));
    }

    /** The id of the event at {@code seq} whose entry holds {@code tail} (10 base-62 digits, from {@link #tail}). */
    public static String make(long seq, String tail) {
        if (tail.length() != RANDOM_DIGITS) throw new IllegalArgumentException("an id tail has " + RANDOM_DIGITS + " digits");
        byte[] out = new byte[PREFIX.length() + SEQ_DIGITS + RANDOM_DIGITS];
        System.arraycopy(PREFIX_BYTES, 0, out, 0, PREFIX_BYTES.length);
        long v = seq;
        for (int i = PREFIX.length() + SEQ_DIGITS - 1; i >= PREFIX.length(); i--) {
            out[i] = DIGIT[(int) (v % 62)];
            v /= 62;
        }
        for (int i = 0; i < RANDOM_DIGITS; i++) {
            char c = tail.charAt(i);
            // not a tail this class made (a damaged entry): kept as it is, as before
            if (c > 0xff) return new String(out, 0, PREFIX.length() + SEQ_DIGITS, StandardCharsets.ISO_8859_1) + tail;
            out[PREFIX.length() + SEQ_DIGITS + i] = (byte) c;
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    /** The seq an id made by {@link #make} carries; empty for any other id. */
    public static OptionalLong seqOf(String id) {
        if (id.length() != PREFIX.length() + SEQ_DIGITS + RANDOM_DIGITS || !id.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + SEQ_DIGITS; i++) {
            int d = value(id.charAt(i));
            if (d < 0) return OptionalLong.empty();
            v = v * 62 + d;
        }
        for (int i = PREFIX.length() + SEQ_DIGITS; i < id.length(); i++) {
            if (value(id.charAt(i)) < 0) return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }
}
