package io.herald.config;

import io.herald.core.TypePattern;
import io.herald.format.Formats;
import io.herald.format.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code subscriptions:} (CONTRACT 4.1). */
final class SubscriptionsSection {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionsSection.class);
    static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");

    private SubscriptionsSection() {}

    static List<SubscriptionConfig> parse(Node root, DeliveryConfig delivery, Formats formats) {
        List<SubscriptionConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node n : root.list("subscriptions")) {
            SubscriptionConfig c = parseOne(n, delivery, formats, true);
            if (!ids.add(c.id())) throw n.error(n.pathOf("id"), "\"" + c.id() + "\" is used twice");
            out.add(c);
        }
        return out;
    }

    /**
     * One subscription. formats null reads a stored API subscription: its format is not checked (one that left
     * the config still loads; its attempts fail until the format is back), and a header made before today's rules
     * is dropped with a warning rather than sent. Without a required secret, an absent one comes back as null.
     */
    static SubscriptionConfig parseOne(Node n, DeliveryConfig delivery, Formats formats, boolean secretRequired) {
        String id = n.requiredString("id");
        if (!ID.matcher(id).matches()) throw n.error(n.pathOf("id"), "\"" + id + "\" must match [a-z0-9_-]{1,64}");
        String url = n.requiredString("url");
        String urlProblem = urlProblem(url);
        if (urlProblem != null) throw n.error(n.pathOf("url"), urlProblem);
        String secret = secretRequired ? n.requiredString("secret") : n.string("secret", null);
        if (secret != null) {
            try {
                Secret.parse(secret);
            } catch (IllegalArgumentException e) {
                throw n.error(n.pathOf("secret"), e.getMessage());
            }
        }
        List<String> events = n.strings("events", List.of("*"));
        if (events.isEmpty()) throw n.error(n.pathOf("events"), "must name at least one pattern");
        for (int i = 0; i < events.size(); i++) {
            if (!TypePattern.isValid(events.get(i))) {
                throw n.error(n.pathOf("events") + "[" + i + "]", "\"" + events.get(i)
                        + "\" is not a pattern of dot-separated segments ([A-Za-z0-9_-]+ or *)");
            }
        }
        String format = n.string("format", "standard-webhooks");
        if (formats != null && !formats.has(format)) throw n.error(n.pathOf("format"), "unknown format \"" + format + "\"");
        Map<String, String> headers = headers(n, id, formats == null ? null : formats.get(format).headerNames());
        SubscriptionConfig c = new SubscriptionConfig(id, url, secret, events, format, headers,
                n.bool("enabled", true), positive(n, "timeout"), n.durations("retry-schedule", null),
                n.has("disable-after") ? ConfigLoader.disableAfter(n, delivery.disableAfter()) : absent(n),
                n.bool("livemode", true), tenant(n), n.bool("ordered", false));
        n.done();
        return c;
    }

    /** formatHeaders null: a stored subscription, whose headers that today's rules refuse are dropped. */
    private static Map<String, String> headers(Node n, String id, Set<String> formatHeaders) {
        Map<String, String> headers = n.stringMap("headers");
        if (formatHeaders == null) {
            headers.entrySet().removeIf(h -> {
                SubscriptionHeaders.Problem p = SubscriptionHeaders.problem(h.getKey(), h.getValue(), Set.of());
                if (p != null) {
                    log.warn("stored_header_dropped subscription={} header={} reason=\"{}\"", id, h.getKey(), p.message());
                }
                return p != null;
            });
            return headers;
        }
        SubscriptionHeaders.Problem p = SubscriptionHeaders.problem(headers, formatHeaders);
        if (p == null) return headers;
        String at = n.pathOf("headers") + (p.header() == null ? "" : "." + p.header());
        throw n.error(at, p.message());
    }

    private static String tenant(Node n) {
        String t = n.string("tenant", null);
        if (t != null && !io.herald.core.TenantName.isValid(t)) {
            throw n.error(n.pathOf("tenant"), "\"" + t + "\" must be " + io.herald.core.TenantName.RULE);
        }
        return t;
    }

    private static java.time.Duration positive(Node n, String key) {
        java.time.Duration d = n.duration(key, null);
        if (d != null && d.isZero()) throw n.error(n.pathOf(key), "must be more than 0");
        return d;
    }

    private static DeliveryConfig.DisableAfter absent(Node n) {
        n.child("disable-after");
        return null;
    }

    /** Null when the url is an absolute http(s) url with a host, a port in 1..65535 and no zone id; else what is wrong. */
    static String urlProblem(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                return "\"" + url + "\" must be an http or https url";
            }
            if (u.getHost() == null || u.getHost().isEmpty()) {
                // a port past int's range makes URI read the authority as a registry name, with no host
                return u.getRawAuthority() != null && u.getRawAuthority().matches(".*:\\d+")
                        ? "\"" + url + "\" has a port outside 1..65535" : "\"" + url + "\" has no host";
            }
            if (u.getPort() == 0 || u.getPort() > 65535) return "\"" + url + "\" has a port outside 1..65535";
            // a zone id names an interface of this machine: link-local by nature, and meaningless anywhere else
            if (u.getHost().contains("%")) return "\"" + url + "\" has an IPv6 zone id (%...), which Herald does not deliver to";
            return null;
        } catch (URISyntaxException e) {
            return "\"" + url + "\" is not a url";
        }
    }
}
