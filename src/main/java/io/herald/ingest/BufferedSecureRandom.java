package io.herald.ingest;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.random.RandomGenerator;

/**
 * Secure random longs drawn 4 KB at a time: a {@link SecureRandom} call per event id (a lock and a read of the
 * OS source each) was 4% of batch ingest. Not thread-safe: ingest calls it under its lock.
 */
final class BufferedSecureRandom implements RandomGenerator {
    private final SecureRandom source = new SecureRandom();
    private final ByteBuffer buffer = ByteBuffer.allocate(4096);

    BufferedSecureRandom() {
        buffer.position(buffer.limit()); // empty: the first call fills it
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
