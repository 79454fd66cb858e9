package io.herald.ingest;

import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Secure random longs drawn 4 KB at a time: a {@link SecureRandom} call per event id (a lock and a read of the
 * OS source each) was 4% of batch ingest. Not thread-safe: {@link Head} keeps one per posting thread, and draws
 * ids' tails before its lock.
 *
 * <p>The source is the JDK's DRBG (NIST SP 800-90A Hash_DRBG, seeded and reseeded from the OS): the default
 * {@code NativePRNG} mixes every byte it reads from {@code /dev/urandom} with a SHA1PRNG, 70-80 µs per 4 KB
 * on the bench machine where DRBG takes 11, and refills were still 4.7% of batch ingest's CPU (P2 profile).
 */
final class BufferedSecureRandom implements RandomGenerator {
    private final SecureRandom source = source();
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);

    BufferedSecureRandom() {
        buffer.position(buffer.limit()); // empty: the first call fills it
    }

    private static SecureRandom source() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) { // every JDK since 9 has it; a trimmed runtime might not
            return new SecureRandom();
        }
    }

    @Override
    public long nextLong() {
        if (buffer.remaining() < Long.BYTES) {
            source.nextBytes(buffer.array());
            buffer.clear();
        }
        return buffer.getLong();
    }
}
