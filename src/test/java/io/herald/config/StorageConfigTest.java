package io.herald.config;

import static io.herald.config.ConfigLoaderTest.KEYS;
import static io.herald.config.ConfigLoaderTest.parse;
import static io.herald.config.ConfigLoaderTest.refused;
import static org.junit.jupiter.api.Assertions.*;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code storage.kind} and {@code storage.kafka} (CONTRACT 11). */
class StorageConfigTest {
    static final String KAFKA = KEYS + "storage:\n  kind: kafka\n  kafka:\n    bootstrap-servers: \"k1:9092,k2:9092\"\n";

    @Test
    void storage_is_local_by_default() {
        StorageConfig s = parse(KEYS).storage();
        assertEquals(StorageConfig.Kind.LOCAL, s.kind());
        assertFalse(s.cluster());
        assertNull(s.kafka());
    }

    @Test
    void kind_kafka_takes_the_servers_and_the_defaults() {
        StorageConfig s = parse(KAFKA).storage();
        assertTrue(s.cluster());
        assertEquals("k1:9092,k2:9092", s.kafka().bootstrapServers());
        assertEquals("herald", s.kafka().topicPrefix());
        assertEquals(Map.of(), s.kafka().properties());
    }

    @Test
    void properties_reach_the_clients_as_text() {
        KafkaConfig k = parse(KAFKA + "    topic-prefix: prod.herald\n    properties:\n      security.protocol: SASL_SSL\n"
                + "      request.timeout.ms: 20000\n      client.dns.lookup: use_all_dns_ips\n").storage().kafka();
        assertEquals("prod.herald", k.topicPrefix());
        assertEquals(Map.of("security.protocol", "SASL_SSL", "request.timeout.ms", "20000",
                "client.dns.lookup", "use_all_dns_ips"), k.properties());
    }

    @Test
    void a_kafka_section_is_kept_but_unused_with_kind_local() {
        StorageConfig s = parse(KAFKA.replace("kind: kafka", "kind: local")).storage();
        assertFalse(s.cluster());
        assertEquals("k1:9092,k2:9092", s.kafka().bootstrapServers());
    }

    @Test
    void each_storage_problem_is_one_line_naming_the_key() {
        refused(KEYS + "storage:\n  kind: postgres\n", "config.yaml: storage.kind: \"postgres\" must be local or kafka");
        refused(KEYS + "storage:\n  kind: kafka\n",
                "config.yaml: storage.kafka.bootstrap-servers: is required with storage.kind: kafka");
        refused(KEYS + "storage:\n  kind: kafka\n  kafka:\n    topic-prefix: h\n",
                "config.yaml: storage.kafka.bootstrap-servers: is required");
        refused(KAFKA.replace("k1:9092,k2:9092", "k1:9092,k2"),
                "config.yaml: storage.kafka.bootstrap-servers: \"k2\" is not host:port (a comma-separated list like"
                        + " \"k1:9092,k2:9092\")");
        refused(KAFKA.replace("k1:9092,k2:9092", "k1:99999"),
                "config.yaml: storage.kafka.bootstrap-servers: \"k1:99999\" is not host:port (a comma-separated list"
                        + " like \"k1:9092,k2:9092\")");
        refused(KAFKA + "    topic-prefix: \"my topics\"\n",
                "config.yaml: storage.kafka.topic-prefix: \"my topics\" must match [a-zA-Z0-9._-]{1,200}");
        refused(KAFKA + "    brokers: x\n", "config.yaml: storage.kafka.brokers: unknown key");
        refused(KAFKA + "    properties:\n      acks: 1\n",
                "config.yaml: storage.kafka.properties.acks: is set by Herald and cannot be changed");
        refused(KAFKA + "    properties:\n      bootstrap.servers: x:1\n", "config.yaml: storage.kafka.properties"
                + ".bootstrap.servers: is set by Herald from storage.kafka.bootstrap-servers");
        refused(KAFKA + "    properties:\n      sasl.jaas.config:\n", "config.yaml: storage.kafka.properties"
                + ".sasl.jaas.config: must have a value");
        refused(KAFKA + "    properties:\n      ssl:\n        x: 1\n",
                "config.yaml: storage.kafka.properties.ssl: must be a single value");
    }

    @Test
    void ipv6_servers_are_written_in_brackets() {
        assertEquals("[::1]:9092", parse(KAFKA.replace("k1:9092,k2:9092", "[::1]:9092")).storage().kafka()
                .bootstrapServers());
    }
}
