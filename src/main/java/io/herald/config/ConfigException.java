package io.herald.config;

/**
 * A config problem, as one line for a human: {@code config.yaml: delivery.timeout: "ten" is not a duration}.
 * Never carries a secret's value.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
