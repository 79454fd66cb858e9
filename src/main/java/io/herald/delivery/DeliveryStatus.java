package io.herald.delivery;

/** Where a delivery stands. Only PENDING is not final. */
public enum DeliveryStatus {
    PENDING, SUCCEEDED, FAILED, SKIPPED;

    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public boolean terminal() {
        return this != PENDING;
    }
}
