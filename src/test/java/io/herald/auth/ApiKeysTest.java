package io.herald.auth;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.AuthConfig;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Keys come from the current config: a reload that adds or revokes one counts from the next request on. */
class ApiKeysTest {
    private static final String SECRET = "token-secret-0123456789-0123456789-01";

    @Test
    void a_reload_admits_the_new_key_and_refuses_the_revoked_one_at_once() {
        AtomicReference<AuthConfig> config = new AtomicReference<>(auth("key-one-0123456789abcdef"));
        ApiKeys keys = new ApiKeys(config::get);
        assertTrue(keys.valid("key-one-0123456789abcdef"));
        assertFalse(keys.valid("key-two-0123456789abcdef"));
        assertFalse(keys.valid("key-one-0123456789abcde"), "a prefix is not the key");
        assertFalse(keys.valid(null));

        config.set(auth("key-two-0123456789abcdef", "key-three-0123456789abcd"));
        assertFalse(keys.valid("key-one-0123456789abcdef"), "revoked");
        assertTrue(keys.valid("key-two-0123456789abcdef"));
        assertTrue(keys.valid("key-three-0123456789abcd"));

        config.set(auth());
        assertFalse(keys.valid("key-two-0123456789abcdef"), "no keys: nothing is valid");
    }

    private static AuthConfig auth(String... keys) {
        return new AuthConfig(Arrays.stream(keys).map(k -> new AuthConfig.ApiKey("k", k)).toList(), SECRET);
    }
}
