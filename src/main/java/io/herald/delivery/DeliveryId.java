package io.herald.delivery;

/**
 * A delivery is one event to one subscription, so its id is made of the two: {@code dlv_<seq>_<subscription>}.
 * Being derivable, it needs no record at fan-out time, and a crash cannot give a delivery a second id.
 */
public record DeliveryId(long seq, String subscriptionId) {
    private static final String PREFIX = "dlv_";

    public static DeliveryId parse(String text) {
        if (text == null || !text.startsWith(PREFIX)) return null;
        int sep = text.indexOf('_', PREFIX.length());
        if (sep < 0 || sep == text.length() - 1) return null;
        try {
            long seq = Long.parseLong(text.substring(PREFIX.length(), sep));
            return seq > 0 ? new DeliveryId(seq, text.substring(sep + 1)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return PREFIX + seq + "_" + subscriptionId;
    }
}
