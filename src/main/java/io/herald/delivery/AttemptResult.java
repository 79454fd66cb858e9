package io.herald.delivery;

/**
 * What one HTTP attempt came back with.
 *
 * @param statusCode null when no HTTP answer came (then error says why)
 * @param response at most the first 4 KB of the body
 * @param retryAfter the receiver's Retry-After header on a 429/503 as sent, else null: {@link RetryDecision}
 *                   reads it against the attempt's end
 */
public record AttemptResult(Integer statusCode, String error, String response, String retryAfter, long durationMs) {
    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300 && error == null;
    }
}
