package io.herald.ingest;

import java.util.OptionalLong;
import java.util.random.RandomGenerator;

/**
 * Ids Herald makes: {@code evt_} + the seq in 11 base-62 digits + 10 random base-62 digits. Carrying the seq
 * lets {@code GET /events/{id}} find the event without an id index; the random tail keeps ids unguessable
 * from one another. A producer's own ids are looked up in {@link IngestState} instead.
 */
public final class EventIds {
    private static final String DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final String PREFIX = "evt_";
    private static final int SEQ_DIGITS = 11;
    private static final int RANDOM_DIGITS = 10;

    private EventIds() {}

    public static String make(long seq, RandomGenerator random) {
        char[] out = new char[PREFIX.length() + SEQ_DIGITS + RANDOM_DIGITS];
        PREFIX.getChars(0, PREFIX.length(), out, 0);
        long v = seq;
        for (int i = PREFIX.length() + SEQ_DIGITS - 1; i >= PREFIX.length(); i--) {
            out[i] = DIGITS.charAt((int) (v % 62));
            v /= 62;
        }
        for (int i = PREFIX.length() + SEQ_DIGITS; i < out.length; i++) out[i] = DIGITS.charAt(random.nextInt(62));
        return new String(out);
    }

    /** The seq an id made by {@link #make} carries; empty for any other id. */
    public static OptionalLong seqOf(String id) {
        if (id.length() != PREFIX.length() + SEQ_DIGITS + RANDOM_DIGITS || !id.startsWith(PREFIX)) {
            return OptionalLong.empty();
        }
        long v = 0;
        for (int i = PREFIX.length(); i < PREFIX.length() + SEQ_DIGITS; i++) {
            int d = DIGITS.indexOf(id.charAt(i));
            if (d < 0) return OptionalLong.empty();
            v = v * 62 + d;
        }
        for (int i = PREFIX.length() + SEQ_DIGITS; i < id.length(); i++) {
            if (DIGITS.indexOf(id.charAt(i)) < 0) return OptionalLong.empty();
        }
        return OptionalLong.of(v);
    }
}
