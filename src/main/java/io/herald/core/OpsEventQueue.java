package io.herald.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Herald's own events, handed to one thread ({@code ops-events}) that journals them. Whoever posts (an HTTP
 * client thread ending an attempt, an API thread disabling a subscription) only queues: it never waits for the
 * ingest lock or the journal, and never re-enters ingest from inside a delivery.
 */
public final class OpsEventQueue implements OpsEvents, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(OpsEventQueue.class);
    /** A burst larger than this (a thousand subscriptions failing at once) drops the excess, with a log line each. */
    static final int CAPACITY = 10_000;

    private record Item(String type, ObjectNode data) {}

    private final LinkedBlockingQueue<Item> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final BiConsumer<String, ObjectNode> journal;
    private volatile boolean stopping;
    private Thread owner;

    /** @param journal posts one event; may throw (a full disk): the failure is logged and the next one goes on */
    public OpsEventQueue(BiConsumer<String, ObjectNode> journal) {
        this.journal = journal;
    }

    public void start() {
        owner = Loops.start("ops-events", true, () -> stopping, this::drainLoop);
    }

    @Override
    public void post(String type, ObjectNode data) {
        if (!queue.offer(new Item(type, data))) log.warn("ops_event_dropped type={} reason=\"queue full\"", type);
    }

    private void drainLoop() throws InterruptedException {
        while (!stopping) {
            Item item = queue.poll(200, TimeUnit.MILLISECONDS);
            if (item != null) journal(item);
        }
    }

    private void journal(Item item) {
        try {
            journal.accept(item.type(), item.data());
        } catch (RuntimeException e) {
            log.warn("ops_event_not_journaled type={} reason=\"{}\"", item.type(), e.getMessage());
        }
    }

    /** Stops the thread, then journals what is still queued: call before the journal closes. */
    @Override
    public void close() {
        stopping = true;
        if (owner != null) owner.interrupt();
        Loops.join(owner);
        for (Item item; (item = queue.poll()) != null; ) journal(item);
    }
}
