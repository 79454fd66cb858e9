package io.herald.config;

import java.time.Duration;
import java.util.List;

/**
 * {@code server:}; maxBody in bytes; keepalive is the longest a stream stays silent (a comment is sent);
 * metricsPublic lets a scraper read /metrics without an api key; portalFrameAncestors are the origins that may
 * embed the portal (empty: none may); publicUrl is how browsers reach Herald (portal links), without a trailing
 * slash, null for http://host:port.
 */
public record ServerConfig(String host, int port, long maxBody, List<String> corsOrigins, Duration keepalive,
                           boolean metricsPublic, List<String> portalFrameAncestors, String publicUrl) {
    public ServerConfig {
        corsOrigins = List.copyOf(corsOrigins);
        portalFrameAncestors = List.copyOf(portalFrameAncestors);
    }

    /** server.public-url, or http://host:port with the port Herald actually listens on (port 0 in tests). */
    public String publicUrl(int boundPort) {
        return publicUrl != null ? publicUrl : "http://" + host + ":" + boundPort;
    }
}
