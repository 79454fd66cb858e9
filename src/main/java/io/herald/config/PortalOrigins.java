package io.herald.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code server.portal-frame-ancestors}: each entry goes into the portal's Content-Security-Policy as a
 * {@code frame-ancestors} source, so only shapes that cannot break out of that directive are taken: an origin
 * ({@code https://app.example.com}, {@code https://*.example.com:8443}) or {@code 'self'}.
 */
final class PortalOrigins {
    private static final Pattern ORIGIN = Pattern.compile(
            "https?://(\\*\\.)?[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:([0-9]{1,5}|\\*))?");

    private PortalOrigins() {}

    static List<String> parse(Node server, String key) {
        List<String> origins = server.strings(key, List.of());
        for (int i = 0; i < origins.size(); i++) {
            String o = origins.get(i);
            if (!o.equals("'self'") && !ORIGIN.matcher(o).matches()) {
                throw server.error(server.pathOf(key) + "[" + i + "]", "\"" + o
                        + "\" must be an origin like https://app.example.com (no path) or 'self'");
            }
        }
        return origins;
    }
}
