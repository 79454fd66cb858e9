package io.herald.cluster;

/**
 * Cluster storage (CONTRACT 11) that Herald cannot use: Kafka unreachable at start, one of Herald's topics deleted
 * behind its back, a topic shaped differently from what Herald needs. At start-up {@code Main} exits 2 with this
 * one line, which names the servers or the topic; it never carries a property's value (sasl.* may hold secrets).
 */
public final class ClusterException extends RuntimeException {
    public ClusterException(String message) {
        super(message, null, false, false);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause, false, false);
    }
}
