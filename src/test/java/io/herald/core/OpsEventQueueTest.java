package io.herald.core;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.testing.Poll;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class OpsEventQueueTest {
    @Test
    void events_are_journaled_on_the_ops_thread_never_on_the_thread_that_posts_them() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        OpsEventQueue q = new OpsEventQueue((type, data) -> seen.add(type + "@" + Thread.currentThread().getName()));
        q.start();
        try {
            Thread poster = new Thread(() -> q.post("herald.delivery.failed", Json.MAPPER.createObjectNode()), "client-1");
            poster.start();
            poster.join();
            Poll.until(Duration.ofSeconds(10), "the event journaled", () -> !seen.isEmpty());
            assertEquals(List.of("herald.delivery.failed@ops-events"), seen);
        } finally {
            q.close();
        }
    }

    @Test
    void a_journal_that_fails_loses_that_event_only_and_close_journals_what_is_still_queued() {
        List<String> seen = new CopyOnWriteArrayList<>();
        OpsEventQueue q = new OpsEventQueue((type, data) -> {
            if (type.equals("bad")) throw new IllegalStateException("disk full");
            seen.add(type);
        });
        ObjectNode d = Json.MAPPER.createObjectNode();
        q.post("bad", d);
        q.post("good", d);
        q.close(); // never started: close still journals both in order
        assertEquals(List.of("good"), seen);
    }
}
