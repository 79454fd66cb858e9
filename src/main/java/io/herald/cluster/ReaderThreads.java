package io.herald.cluster;

import java.time.Duration;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** What every thread that owns a Kafka consumer does the same way: pause after a failure, and stop. */
final class ReaderThreads {
    static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private ReaderThreads() {}

    /** Waits before trying again, so that a Kafka outage is not a busy loop. */
    static void pause() {
        try {
            Thread.sleep(AFTER_FAILURE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Stops {@code thread}, which closes {@code consumer} on its way out once woken; a consumer whose thread never
     * started is closed here. Call after the thread's loop condition turned false.
     */
    static void stop(Thread thread, KafkaConsumer<?, ?> consumer) {
        stop(thread, consumer, Duration.ofSeconds(5));
    }

    /** {@link #stop(Thread, KafkaConsumer)}, waiting at most {@code join} for the thread; {@code thread} may be null. */
    static void stop(Thread thread, KafkaConsumer<?, ?> consumer, Duration join) {
        if (thread != null && thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(join.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else {
            consumer.close(Duration.ZERO);
        }
    }
}
