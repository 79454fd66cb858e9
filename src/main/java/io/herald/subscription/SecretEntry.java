package io.herald.subscription;

import io.herald.format.Secret;
import java.time.Instant;

/** A signing secret and, for one being rotated out, the end of its grace period (null: the current one). */
public record SecretEntry(Secret secret, Instant expiresAt) {
    public boolean validAt(Instant now) {
        return expiresAt == null || now.isBefore(expiresAt);
    }
}
