package io.herald.config;

import io.herald.core.TypePattern;
import io.herald.delivery.format.Secret;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/** {@code subscriptions:} (CONTRACT 4.1). */
final class SubscriptionsSection {
    static final Pattern ID = Pattern.compile("[a-z0-9_-]{1,64}");
    static final Set<String> BUILT_IN_FORMATS = Set.of("standard-webhooks", "svix", "aninix", "editframe", "elai");

    private SubscriptionsSection() {}

    static List<SubscriptionConfig> parse(Node root, DeliveryConfig delivery, Set<String> userFormats) {
        List<SubscriptionConfig> out = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Node n : root.list("subscriptions")) {
            SubscriptionConfig c = parseOne(n, delivery, userFormats, true);
            if (!ids.add(c.id())) throw n.error(n.pathOf("id"), "\"" + c.id() + "\" is used twice");
            out.add(c);
        }
        return out;
    }

    /**
     * One subscription. userFormats null skips the format check (a stored API subscription whose format left the
     * config still loads; its deliveries fail until the format is back). Without a required secret, an absent
     * one comes back as null.
     */
    static SubscriptionConfig parseOne(Node n, DeliveryConfig delivery, Set<String> userFormats,
                                       boolean secretRequired) {
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
        if (userFormats != null && !BUILT_IN_FORMATS.contains(format) && !userFormats.contains(format)) {
            throw n.error(n.pathOf("format"), "unknown format \"" + format + "\"");
        }
        SubscriptionConfig c = new SubscriptionConfig(id, url, secret, events, format, n.stringMap("headers"),
                n.bool("enabled", true), positive(n, "timeout"), n.durations("retry-schedule", null),
                n.has("disable-after") ? ConfigLoader.disableAfter(n, delivery.disableAfter()) : absent(n),
                n.bool("livemode", true), tenant(n));
        n.done();
        return c;
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

    /** Null when the url is an absolute http(s) url with a host; else what is wrong. */
    static String urlProblem(String url) {
        try {
            URI u = new URI(url);
            if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https"))) {
                return "\"" + url + "\" must be an http or https url";
            }
            if (u.getHost() == null || u.getHost().isEmpty()) return "\"" + url + "\" has no host";
            return null;
        } catch (URISyntaxException e) {
            return "\"" + url + "\" is not a url";
        }
    }
}
