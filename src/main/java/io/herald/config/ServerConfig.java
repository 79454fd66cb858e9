package io.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code server:}; maxBody in bytes; keepalive is the longest a stream stays silent (a comment is sent);
 * metricsPublic lets a scraper read /metrics without an api key.
 */
public record ServerConfig(String host, int port, long maxBody, List<String> corsOrigins, Duration keepalive,
                           boolean metricsPublic) {
    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
    }
}
