package io.herald.config;

import java.util.List;

/** {@code server:}; maxBody in bytes. */
public record ServerConfig(String host, int port, long maxBody, List<String> corsOrigins) {
    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
