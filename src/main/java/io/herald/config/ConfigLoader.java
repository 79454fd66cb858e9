package io.herald.config;

import io.herald.format.FormatConfig;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads config.yaml into a validated {@link Config}: every default of CONTRACT section 2, unknown keys refused,
 * every problem one line naming the key. Relative {@code storage.dir} paths resolve against the working
 * directory, as {@code ./data} in the contract implies.
 */
public final class ConfigLoader {
    static final String HOST = "127.0.0.1";
    static final int PORT = 8080;
    static final long MAX_BODY = 1L << 20;
    /**
     * The largest server.max-body whose every event fits one journal entry (a Chronicle document: 16 MB of its
     * 64 MB block). An entry holds the event's data (at most the body), and its {@code previous}: the old values
     * of the state's fields, re-serialised (at most 1.8 times the old body: {@code [1e-6,} becomes
     * {@code [0.000001,}), and a null for each new field (at most 1.6 times the body: {@code "a":0,} becomes
     * {@code "a":null,}). 3 MB times 4.4 stays under 16 MB. Above it an event could be accepted by Kafka and then refused by every replica's
     * journal, which would stall cluster mode at that record, and refused part-way through a batch.
     */
    static final long LARGEST_MAX_BODY = 3L << 20;
    static final Duration KEEPALIVE = Duration.ofSeconds(15);
    static final String STORAGE_DIR = "./data";
    static final Duration RETENTION = Duration.ofDays(7);
    static final int WORKERS = 64;
    static final Duration TIMEOUT = Duration.ofSeconds(15);
    static final List<Duration> RETRY_SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
            Duration.ofMinutes(30), Duration.ofHours(2), Duration.ofHours(5), Duration.ofHours(10), Duration.ofHours(10));
    static final double JITTER = 0.2;
    static final DeliveryConfig.DisableAfter DISABLE_AFTER = new DeliveryConfig.DisableAfter(10, Duration.ofDays(5));
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigLoader() {}

    public static Config load(Path file) {
        String label = label(file);
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException(label + ": cannot read the file (" + e.getClass().getSimpleName() + ")");
        }
        return parse(text, label);
    }

    /** How messages name the config file: its file name ({@code herald-prod.yaml}), never a directory. */
    public static String label(Path file) {
        return file.getFileName() == null ? file.toString() : file.getFileName().toString();
    }

    public static Config parse(String yaml, String label) {
        JsonNode tree;
        try {
            tree = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(label + ": not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
        }
        Node root = new Node(label, "", tree);
        ServerConfig server = server(root.child("server"));
        StorageConfig storage = StorageSection.parse(root.child("storage"));
        AuthConfig auth = auth(root.child("auth"));
        DeliveryConfig delivery = delivery(root.child("delivery"));
        Map<String, FormatConfig> formats = FormatsSection.parse(root.child("formats"));
        Map<String, EventTypeConfig> eventTypes = EventTypesSection.parse(root.child("event-types"));
        List<SubscriptionConfig> subscriptions = SubscriptionsSection.parse(root, delivery,
                io.herald.format.Formats.of(formats));
        TenantsConfig tenants = tenants(root.child("tenants"));
        root.done();
        return new Config(server, storage, auth, delivery, formats, eventTypes, subscriptions, tenants);
    }

    private static ServerConfig server(Node n) {
        ServerConfig s = new ServerConfig(n.string("host", HOST), n.integer("port", PORT, 0, 65535),
                n.size("max-body", MAX_BODY), n.strings("cors-origins", List.of()), n.duration("keepalive", KEEPALIVE),
                n.bool("metrics-public", false), PortalOrigins.parse(n, "portal-frame-ancestors"), publicUrl(n));
        if (s.maxBody() < 1) throw n.error(n.pathOf("max-body"), "must be more than 0");
        if (s.maxBody() > LARGEST_MAX_BODY) {
            throw n.error(n.pathOf("max-body"), "must be at most 3MB: an event is journaled with its data and its"
                    + " previous state, and one journal entry holds at most 16MB");
        }
        if (s.keepalive().isZero()) throw n.error(n.pathOf("keepalive"), "must be more than 0");
        n.done();
        return s;
    }

    /** Absent or "": http://host:port. Else an absolute http(s) url; a trailing slash is dropped. */
    private static String publicUrl(Node n) {
        String url = n.string("public-url", "");
        if (url.isEmpty()) return null;
        String problem = SubscriptionsSection.urlProblem(url);
        if (problem != null) throw n.error(n.pathOf("public-url"), problem);
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static TenantsConfig tenants(Node n) {
        TenantsConfig t = new TenantsConfig(n.integer("max-subscriptions", TenantsConfig.DEFAULT_MAX_SUBSCRIPTIONS,
                0, 1_000_000));
        n.done();
        return t;
    }

    private static AuthConfig auth(Node n) {
        List<AuthConfig.ApiKey> keys = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node k : n.list("api-keys")) {
            String name = k.requiredString("name");
            String key = k.string("key", null);
            if (key == null || key.isEmpty()) throw k.error(k.pathOf("key"), "must not be empty");
            if (!names.add(name)) throw k.error(k.pathOf("name"), "\"" + name + "\" is used twice");
            k.done();
            keys.add(new AuthConfig.ApiKey(name, key));
        }
        if (keys.isEmpty()) throw n.error(n.pathOf("api-keys"), "at least one api key is required");
        String secret = n.string("token-secret", null);
        if (secret != null && secret.getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw n.error(n.pathOf("token-secret"), "must be at least 32 bytes");
        }
        n.done();
        return new AuthConfig(keys, secret);
    }

    private static DeliveryConfig delivery(Node n) {
        int workers = n.integer("workers", WORKERS, 1, 100_000);
        Duration timeout = n.duration("timeout", TIMEOUT);
        if (timeout.isZero()) throw n.error(n.pathOf("timeout"), "must be more than 0");
        List<Duration> schedule = n.durations("retry-schedule", RETRY_SCHEDULE);
        double jitter = n.number("jitter", JITTER, 0, 1);
        DeliveryConfig.DisableAfter disableAfter = disableAfter(n, DISABLE_AFTER);
        List<String> allow = n.strings("allow-networks", List.of());
        for (int i = 0; i < allow.size(); i++) {
            String problem = io.herald.net.AddressPolicy.cidrProblem(allow.get(i));
            if (problem != null) throw n.error(n.pathOf("allow-networks") + "[" + i + "]", problem);
        }
        n.done();
        return new DeliveryConfig(workers, timeout, schedule, jitter, disableAfter, allow);
    }

    static DeliveryConfig.DisableAfter disableAfter(Node parent, DeliveryConfig.DisableAfter fallback) {
        if (!parent.has("disable-after")) {
            parent.child("disable-after");
            return fallback;
        }
        Node n = parent.child("disable-after");
        DeliveryConfig.DisableAfter d = new DeliveryConfig.DisableAfter(
                n.integer("failures", fallback.failures(), 1, 1_000_000), n.duration("period", fallback.period()));
        n.done();
        return d;
    }
}
