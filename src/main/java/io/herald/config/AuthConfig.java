package io.herald.config;

import java.util.List;

/** {@code auth:}. */
public record AuthConfig(List<ApiKey> apiKeys, String tokenSecret) {
    public AuthConfig {
        apiKeys = List.copyOf(apiKeys);
    }

    /** A named Bearer key. toString hides the key so that it can never reach a log. */
    public record ApiKey(String name, String key) {
        @Override
        public String toString() {
            return "ApiKey[name=" + name + "]";
        }
    }
}
