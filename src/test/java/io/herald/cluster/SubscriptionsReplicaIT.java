package io.herald.cluster;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.Config;
import io.herald.config.ConfigLoader;
import io.herald.config.KafkaConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.config.SubscriptionJson;
import io.herald.core.Caller;
import io.herald.core.Json;
import io.herald.format.Formats;
import io.herald.subscription.Subscription;
import io.herald.subscription.SubscriptionScope;
import io.herald.subscription.SubscriptionStates;
import io.herald.subscription.SubscriptionStore;
import io.herald.subscription.Subscriptions;
import io.herald.testing.KafkaBroker;
import io.herald.testing.Poll;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * API subscription changes through {@code PREFIX.subscriptions} on a real broker: nodes (each its own stores under
 * its own storage dir, in one JVM) apply every change in one order; the node that made a change shows it when the
 * call returns, the others within 2 s; a node that was away catches up at start, deletions included.
 */
class SubscriptionsReplicaIT {
    @RegisterExtension static final KafkaBroker kafka = new KafkaBroker();
    static final Duration VISIBLE = Duration.ofSeconds(2);
    static final String YAML = "auth:\n  api-keys:\n    - name: k\n      key: \"secret-key-value\"\n";
    @TempDir Path dir;

    /** One node's subscriptions and its replica; closed in reverse. */
    final class Node implements AutoCloseable {
        final Config config = ConfigLoader.parse(YAML, "config.yaml");
        final SubscriptionStore store;
        final Subscriptions subscriptions;
        final SubscriptionsReplica replica;

        Node(KafkaConfig k, String name) throws Exception {
            Path home = Files.createDirectories(dir.resolve(name));
            store = new SubscriptionStore(home.resolve("subscriptions.json"), config.delivery());
            subscriptions = new Subscriptions(config, new SubscriptionStates(home.resolve("subscription-states.json")),
                    store, Clock.systemUTC(), (type, data) -> {}, "config.yaml");
            replica = new SubscriptionsReplica(k, name, subscriptions, config.delivery(),
                    home.resolve("subscriptions.offset"), 1 << 20).start();
            subscriptions.sendChangesTo(replica);
        }

        SubscriptionScope api() {
            return subscriptions.visibleTo(Caller.OPERATOR);
        }

        Subscription create(String id, String url) {
            ObjectNode body = Json.MAPPER.createObjectNode().put("id", id).put("url", url);
            SubscriptionConfig c = SubscriptionJson.read(body, config.delivery(), Formats.of(config.formats()));
            return api().create(c);
        }

        @Override
        public void close() {
            replica.close();
            store.close();
        }
    }

    KafkaConfig topics(String prefix) {
        KafkaConfig k = new KafkaConfig(kafka.bootstrapServers(), prefix, Map.of());
        try (KafkaTopics t = KafkaTopics.connect(k, "test")) {
            t.ensure(ClusterTopics.all(k, Duration.ofDays(1), 1 << 20));
        }
        return k;
    }

    static String describe(Subscriptions s) {
        List<String> out = new ArrayList<>();
        for (Subscription x : s.all()) {
            out.add(x.id() + " " + x.config().url() + " enabled=" + x.enabled() + " reason=" + x.disabledReason()
                    + " secret=" + x.config().secret() + " signing=" + x.secrets().size() + " created=" + x.createdAt());
        }
        return String.join("\n", out);
    }

    @Test
    void a_change_shows_on_its_own_node_at_return_and_on_another_within_2_s_in_the_same_order() throws Exception {
        KafkaConfig k = topics("changes");
        try (Node a = new Node(k, "node-a"); Node b = new Node(k, "node-b")) {
            Subscription made = a.create("s1", "https://one.example.com/h");
            assertEquals("https://one.example.com/h", a.subscriptions.get("s1").config().url(), "read-your-writes");
            long t0 = System.nanoTime();
            Poll.until(VISIBLE, "s1 on node-b", () -> b.subscriptions.get("s1") != null);
            assertEquals(made.config().secret(), b.subscriptions.get("s1").config().secret());

            b.api().disable("s1");
            assertFalse(b.subscriptions.get("s1").enabled());
            Poll.until(VISIBLE, "the disable on node-a", () -> !a.subscriptions.get("s1").enabled());
            a.api().enable("s1");
            a.api().rotate("s1", Duration.ofHours(1));
            a.create("s2", "https://two.example.com/h");
            // node-b may delete only what it holds: a change made on node-a reaches it within 2 s, not at once
            Poll.until(VISIBLE, "s2 on node-b", () -> b.subscriptions.get("s2") != null);
            b.api().delete("s2");
            a.create("s3", "https://three.example.com/h");
            assertNull(b.subscriptions.get("s2"));
            Poll.until(VISIBLE, "node-a and node-b to agree", () -> describe(a.subscriptions).equals(describe(b.subscriptions))
                    && a.subscriptions.get("s3") != null && b.subscriptions.get("s3") != null);
            assertTrue(a.subscriptions.get("s1").enabled());
            assertNull(a.subscriptions.get("s2"));
            assertTrue((System.nanoTime() - t0) / 1_000_000 < 60_000);
        }
    }

    @Test
    void concurrent_changes_on_two_nodes_are_applied_in_one_order_everywhere() throws Exception {
        KafkaConfig k = topics("order");
        try (Node a = new Node(k, "node-a"); Node b = new Node(k, "node-b")) {
            List<Throwable> failed = new CopyOnWriteArrayList<>();
            Thread ta = new Thread(() -> run(failed, () -> {
                for (int i = 0; i < 20; i++) a.create("a" + i, "https://a.example.com/" + i);
                for (int i = 0; i < 20; i += 2) a.api().disable("a" + i);
            }));
            Thread tb = new Thread(() -> run(failed, () -> {
                for (int i = 0; i < 20; i++) b.create("b" + i, "https://b.example.com/" + i);
                for (int i = 0; i < 20; i += 3) b.api().delete("b" + i);
            }));
            ta.start();
            tb.start();
            ta.join();
            tb.join();
            assertEquals(List.of(), failed);
            Poll.until(VISIBLE, "both to hold the same subscriptions",
                    () -> describe(a.subscriptions).equals(describe(b.subscriptions)));
            assertEquals(20 + 20 - 7, a.subscriptions.all().size());
            assertFalse(b.subscriptions.get("a4").enabled());
        }
    }

    @Test
    void a_node_that_was_away_catches_up_at_start_deletions_included() throws Exception {
        KafkaConfig k = topics("away");
        try (Node a = new Node(k, "node-a")) {
            a.create("keep", "https://keep.example.com/h");
            a.create("drop", "https://drop.example.com/h");
            try (Node b = new Node(k, "node-b")) {
                assertNotNull(b.subscriptions.get("drop"), "caught up at start");
            }
            a.api().delete("drop");
            a.api().disable("keep");
            a.create("new", "https://new.example.com/h");
            try (Node b = new Node(k, "node-b")) { // the same storage dir again
                assertEquals(describe(a.subscriptions), describe(b.subscriptions));
                assertNull(b.subscriptions.get("drop"));
            }
        }
    }

    @Test
    void an_api_subscription_only_this_node_holds_is_deleted_at_start_since_the_topic_has_no_record_of_it()
            throws Exception {
        KafkaConfig k = topics("stray");
        Path home = Files.createDirectories(dir.resolve("node-c"));
        Config config = ConfigLoader.parse(YAML, "config.yaml");
        try (SubscriptionStore store = new SubscriptionStore(home.resolve("subscriptions.json"), config.delivery())) {
            Subscriptions alone = new Subscriptions(config, new SubscriptionStates(home.resolve("subscription-states.json")),
                    store, Clock.systemUTC(), (type, data) -> {}, "config.yaml"); // local mode: no replica
            ObjectNode body = Json.MAPPER.createObjectNode().put("id", "stray").put("url", "https://x.example.com/h");
            alone.visibleTo(Caller.OPERATOR).create(SubscriptionJson.read(body, config.delivery(), Formats.of(config.formats())));
        }
        try (Node a = new Node(k, "node-a"); Node c = new Node(k, "node-c")) {
            a.create("kept", "https://kept.example.com/h");
            Poll.until(VISIBLE, "kept on node-c", () -> c.subscriptions.get("kept") != null);
            assertNull(c.subscriptions.get("stray"), "its tombstone may have been compacted away while it was down");
        }
    }

    static void run(List<Throwable> failed, Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            failed.add(t);
        }
    }
}
