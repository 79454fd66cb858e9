package io.herald.app;

/**
 * Herald cannot start for a reason outside its config and its state: the port is in use or cannot be listened on.
 * Start-up stops what had started and {@code Main} exits 2 with this one line (CONTRACT 1).
 */
public final class StartException extends RuntimeException {
    StartException(String message) {
        super(message, null, false, false);
    }
}
