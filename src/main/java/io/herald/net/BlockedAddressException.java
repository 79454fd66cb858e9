package io.herald.net;

import java.io.IOException;

/** The resolver found only addresses Herald must not deliver to; the message says which and why. */
public final class BlockedAddressException extends IOException {
    public BlockedAddressException(String message) {
        super(message);
    }
}
