package io.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code server:}; maxBody in bytes; keepalive is the longest a stream stays silent (a comment is sent);
 * metricsPublic lets a scraper read /metrics without an api key; portalFrameAncestors are the origins that may
 * embed the portal (empty: none may).
 */
public record ServerConfig(String host, int port, long maxBody, List<String> corsOrigins, Duration keepalive,
                           boolean metricsPublic, List<String> portalFrameAncestors) {
    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
        portalFrameAncestors = List.copyOf(portalFrameAncestors);
    }
}
