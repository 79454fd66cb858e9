package io.herald.app;

import io.herald.api.HealthRoutes;
import io.herald.cluster.ClusterDelivery;
import io.herald.cluster.ClusterStart;
import io.herald.cluster.DeliveryRecords;
import io.herald.cluster.EventsReplica;
import io.herald.cluster.KafkaEvents;
import io.herald.cluster.NodeConfigs;
import io.herald.cluster.RetentionFloor;
import io.herald.cluster.SubscriptionsReplica;
import io.herald.config.Config;
import io.herald.delivery.DeliveryStore;
import io.herald.delivery.Dispatcher;
import io.herald.ingest.Ingest;
import io.herald.journal.Journal;
import io.herald.subscription.Subscription;
import io.herald.subscription.Subscriptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of cluster mode ({@code storage.kind: kafka}) one node runs, in the order they start and stop: the
 * local journal as a replica of {@code PREFIX.events} ({@link EventsReplica}), POST through Kafka
 * ({@link KafkaEvents}), API subscription changes through {@code PREFIX.subscriptions}
 * ({@link SubscriptionsReplica}), delivery of the subscriptions this node owns ({@link ClusterDelivery}, the
 * delivery log through {@link DeliveryRecords}), what retention keeps for other nodes' subscriptions
 * ({@link RetentionFloor}), and config_differs ({@link NodeConfigs}).
 */
final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);

    private final Config config;
    private final Clock clock;
    final EventsReplica replica;
    final KafkaEvents events;
    private final Subscriptions subscriptions;
    private final SubscriptionsReplica subscriptionsReplica;
    /** the delivery log: this node's Chronicle store, a replica of PREFIX.deliveries */
    final DeliveryRecords deliveries;
    private final ClusterDelivery delivery;
    private final RetentionFloor retentionFloor;
    private volatile NodeConfigs nodeConfigs;

    /** Makes the clients (nothing connects yet) and turns ingest into a replica: it takes no local posts from now. */
    ClusterNode(Config config, Clock clock, Ingest ingest, Journal journal, Subscriptions subscriptions,
                DeliveryStore local, Closer opened) {
        this.config = config;
        this.clock = clock;
        ingest.becomeReplica();
        String node = ClusterStart.nodeId(config, config.server().port());
        long maxBody = config.server().maxBody();
        this.replica = opened.add(new EventsReplica(config.storage().kafka(), maxBody, ingest, journal, node));
        this.events = opened.add(new KafkaEvents(config.storage().kafka(), maxBody, ingest, replica, node));
        this.subscriptions = subscriptions;
        this.subscriptionsReplica = opened.add(new SubscriptionsReplica(config.storage().kafka(), node, subscriptions,
                config.delivery(), config.storage().dir().resolve("subscriptions.offset"), maxBody));
        Path dir = config.storage().dir();
        this.deliveries = opened.add(new DeliveryRecords(config.storage().kafka(), node, local,
                dir.resolve("deliveries.offsets"), maxBody));
        this.delivery = new ClusterDelivery(config.storage().kafka(), node, maxBody, deliveries, subscriptions,
                config.delivery().timeout());
        this.retentionFloor = opened.add(new RetentionFloor(config.storage().kafka(), node, maxBody,
                () -> subscriptions.all().stream().map(Subscription::id).toList()));
    }

    /** After the dispatcher recovered, before it starts: it delivers what this node owns and writes resume points. */
    void attach(Dispatcher dispatcher) {
        delivery.attach(dispatcher);
    }

    /**
     * After ingest recovered the local journal: follow the topic from there. API subscriptions are caught up
     * with {@code PREFIX.subscriptions} before this returns (so before the port is bound), and every change made
     * on this node goes through that topic from now on.
     */
    void startReplica() {
        replica.start();
        subscriptionsReplica.start();
        subscriptions.sendChangesTo(subscriptionsReplica);
    }

    /** Once the port is bound and the dispatcher started: join the delivery group; retention's floor; config_differs. */
    void started(int port) {
        delivery.start();
        retentionFloor.start();
        NodeConfigs nc = new NodeConfigs(config.storage().kafka(), ClusterStart.nodeId(config, port), clock,
                config.server().maxBody());
        nodeConfigs = nc;
        nc.publish(config);
        nc.start();
    }

    /** After a reload: publish the new config, which logs every difference again. */
    void reloaded(Config next) {
        NodeConfigs nc = nodeConfigs;
        if (nc != null) nc.publish(next);
    }

    /**
     * The oldest seq that this node's local journal must keep for any subscription, whichever node owns it: the one
     * this node resumes from should it take that subscription over.
     */
    long keepFromSeq() {
        return retentionFloor.keepFromSeq();
    }

    /** Reads the resume points now (a maintenance round run by hand). */
    void refreshKeep() {
        retentionFloor.refresh();
    }

    HealthRoutes.Cluster health() {
        return new HealthRoutes.Cluster(replica::problem, this::configDiffers);
    }

    private List<String> configDiffers() {
        NodeConfigs nc = nodeConfigs;
        return nc == null ? List.of() : nc.differences();
    }

    /**
     * Leaves the delivery group first (the others take this node's subscriptions over), before the dispatcher stops.
     */
    void leave() {
        delivery.close();
    }

    /**
     * After the dispatcher stopped: resume points, then posts (none may wait on a stopped replica), then the
     * replica, then subscription changes (a change after this fails 503), then config_differs' record. The
     * delivery log closes with the other stores. With Kafka away (as the replica last found it) the last points
     * and the config record are not written: each would wait for Kafka, and a stop must not.
     */
    @Override
    public void close() {
        boolean kafkaThere = replica.problem() == null;
        if (!kafkaThere) log.warn("kafka_unreachable_at_stop reason=\"{}\" (the last resume points and this node's"
                + " config record are not written)", replica.problem());
        Closer steps = new Closer();
        steps.add(() -> delivery.closePoints(kafkaThere));
        steps.add(events);
        steps.add(replica);
        steps.add(subscriptionsReplica);
        steps.add(retentionFloor);
        NodeConfigs nc = nodeConfigs;
        if (nc != null) {
            if (kafkaThere) steps.add(nc::forget);
            steps.add(nc);
        }
        steps.closeInOrder();
    }
}
