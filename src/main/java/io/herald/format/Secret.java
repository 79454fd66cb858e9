package io.herald.format;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * A signing secret: {@code whsec_} + base64 of 24..64 random bytes; the HMAC key is the decoded bytes.
 * Neither toString nor any message ever shows it.
 */
public final class Secret {
    private static final String PREFIX = "whsec_";
    private final String text;
    private final byte[] key;

    private Secret(String text, byte[] key) {
        this.text = text;
        this.key = key;
    }

    public static Secret parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) throw new IllegalArgumentException("must start with whsec_");
        byte[] key;
        try {
            key = Base64.getDecoder().decode(text.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("must be whsec_ followed by base64");
        }
        if (key.length < 24 || key.length > 64) {
            throw new IllegalArgumentException("must decode to 24..64 bytes (it decodes to " + key.length + ")");
        }
        return new Secret(text, key);
    }

    public static Secret generate(SecureRandom random) {
        byte[] key = new byte[24];
        random.nextBytes(key);
        return new Secret(PREFIX + Base64.getEncoder().encodeToString(key), key);
    }

    public byte[] key() {
        return key.clone();
    }

    /** The whsec_ text, for the one API route that shows it. */
    public String reveal() {
        return text;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(s.key, key);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(key);
    }

    @Override
    public String toString() {
        return "Secret[hidden]";
    }
}
