package io.herald.app;

/** A command-line argument Herald cannot use: {@code Main} prints the message as one line and exits 2. */
final class BadArgument extends RuntimeException {
    BadArgument(String message) {
        super(message, null, false, false);
    }
}
