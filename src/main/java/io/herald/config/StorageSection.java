package io.herald.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** Reads {@code storage:}: the local journal's dir and retention, and the cluster mode's {@code kind} and kafka. */
final class StorageSection {
    /** Kafka's legal topic characters; the prefix leaves room for Herald's suffixes within Kafka's 249. */
    private static final Pattern TOPIC_PREFIX = Pattern.compile("[a-zA-Z0-9._-]{1,200}");
    private static final Pattern SERVER = Pattern.compile("([^\\s:,]+|\\[[0-9a-fA-F:.]+\\]):([0-9]{1,5})");

    private StorageSection() {}

    static StorageConfig parse(Node n) {
        Path dir = Path.of(n.string("dir", ConfigLoader.STORAGE_DIR));
        Duration retention = n.duration("retention", ConfigLoader.RETENTION);
        if (retention.isZero()) throw n.error(n.pathOf("retention"), "must be more than 0");
        String kindName = n.string("kind", "local");
        StorageConfig.Kind kind = switch (kindName) {
            case "local" -> StorageConfig.Kind.LOCAL;
            case "kafka" -> StorageConfig.Kind.KAFKA;
            default -> throw n.error(n.pathOf("kind"), "\"" + kindName + "\" must be local or kafka");
        };
        // read even with kind local, so that switching kind back and forth keeps a checked section
        KafkaConfig kafka = n.has("kafka") ? kafka(n.child("kafka")) : null;
        if (!n.has("kafka")) n.child("kafka");
        if (kind == StorageConfig.Kind.KAFKA && kafka == null) {
            throw n.error(n.pathOf("kafka") + ".bootstrap-servers", "is required with storage.kind: kafka");
        }
        n.done();
        return new StorageConfig(dir, retention, kind, kafka);
    }

    private static KafkaConfig kafka(Node n) {
        String servers = n.requiredString("bootstrap-servers");
        for (String s : servers.split(",", -1)) {
            var m = SERVER.matcher(s.trim());
            if (!m.matches() || Integer.parseInt(m.group(2)) < 1 || Integer.parseInt(m.group(2)) > 65535) {
                throw n.error(n.pathOf("bootstrap-servers"), "\"" + s.trim() + "\" is not host:port"
                        + " (a comma-separated list like \"k1:9092,k2:9092\")");
            }
        }
        String prefix = n.string("topic-prefix", KafkaConfig.DEFAULT_TOPIC_PREFIX);
        if (!TOPIC_PREFIX.matcher(prefix).matches()) {
            throw n.error(n.pathOf("topic-prefix"), "\"" + prefix + "\" must match [a-zA-Z0-9._-]{1,200}");
        }
        Map<String, String> properties = properties(n.child("properties"));
        n.done();
        return new KafkaConfig(servers.trim(), prefix, properties);
    }

    /** Kafka's own property names and values; numbers and booleans are written as YAML reads them (acks: all). */
    private static Map<String, String> properties(Node n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : n.keys()) {
            if (KafkaConfig.RESERVED.contains(key)) {
                throw n.error(n.pathOf(key), "is set by Herald" + (key.equals("bootstrap.servers")
                        ? " from storage.kafka.bootstrap-servers" : " and cannot be changed"));
            }
            out.put(key, n.scalar(key));
        }
        n.done();
        return out;
    }
}
