package io.herald.delivery;

import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionHealth;
import java.time.Duration;
import java.time.Instant;

/**
 * What an attempt's answer means (CONTRACT 4.3 and 4.5), decided from its inputs alone: no clock, no randomness,
 * no I/O (failsafe's shape). {@link Attempts} gathers the inputs, calls {@link #decide} and applies the
 * {@link Outcome} in one place.
 */
final class RetryDecision {
    static final String DELIVERY_FAILED = "herald.delivery.failed";

    private RetryDecision() {}

    /**
     * @param status the delivery's status after this attempt
     * @param nextAttemptAt when it is tried again, null when it is final
     * @param disable why the subscription is disabled now ({@code gone}, {@code failures}), or null
     * @param opsEvent the {@code herald.*} event to post, or null
     */
    record Outcome(DeliveryStatus status, Instant nextAttemptAt, String disable, String opsEvent) {}

    /** Whether the attempt counts towards disable-after: a failure, but not a 410, which disables at once. */
    static boolean countsAsFailure(AttemptResult result) {
        return !result.succeeded() && !gone(result);
    }

    /**
     * @param failures consecutive failures of the subscription counting this attempt (0 when it does not count)
     * @param since the subscription's last success, else its creation: where the disable-after period starts
     * @param attempt attempts made since the delivery's schedule began (the first try is 1)
     * @param random01 a uniform draw in [0, 1) for the jitter
     * @param now when the attempt ended: the retry delay counts from here, not from its start
     * @param eventType the delivered event's type: a herald.* event's failure posts no ops event, or a dead ops
     *                  receiver would feed itself failures forever
     */
    static Outcome decide(AttemptResult result, Subscription sub, int failures, Instant since, int attempt,
                          double random01, Instant now, String eventType) {
        if (result.succeeded()) return new Outcome(DeliveryStatus.SUCCEEDED, null, null, null);
        String disable = gone(result) ? "gone"
                : SubscriptionHealth.shouldDisable(failures, since, now, sub.disableAfter()) ? "failures" : null;
        Duration delay = gone(result) ? null : Backoff.nextDelay(attempt, sub.retrySchedule(), sub.jitter(), random01);
        if (delay != null) {
            Duration wait = Backoff.honourRetryAfter(delay, RetryAfter.parse(result.retryAfter(), now));
            return new Outcome(DeliveryStatus.PENDING, now.plus(wait), disable, null);
        }
        String ops = eventType.startsWith("herald.") ? null : DELIVERY_FAILED;
        return new Outcome(DeliveryStatus.FAILED, null, disable, ops);
    }

    private static boolean gone(AttemptResult result) {
        return Integer.valueOf(410).equals(result.statusCode());
    }
}
