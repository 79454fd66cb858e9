package io.herald.delivery;

import java.time.Duration;

/**
 * What one HTTP attempt came back with.
 *
 * @param statusCode null when no HTTP answer came (then error says why)
 * @param response at most the first 4 KB of the body
 * @param retryAfter the receiver's Retry-After on a 429/503, else null
 */
public record AttemptResult(Integer statusCode, String error, String response, Duration retryAfter, long durationMs) {
    public boolean succeeded() {
        return statusCode != null && statusCode >= 200 && statusCode < 300 && error == null;
    }
}
