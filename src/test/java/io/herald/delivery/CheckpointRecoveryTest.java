package io.herald.delivery;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.HeraldWithSink;
import io.herald.testing.LogCapture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A dispatch.checkpoint Herald cannot use is rebuilt or clamped, never fatal, never a reason to send twice. */
class CheckpointRecoveryTest {
    @TempDir Path dir;
    HeraldWithSink h;

    @BeforeEach
    void start() throws Exception {
        h = HeraldWithSink.start(dir);
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @ParameterizedTest(name = "checkpoint \"{0}\"")
    @ValueSource(strings = {"", "garbage", "-3", "12abc"})
    void an_empty_or_garbage_checkpoint_is_rebuilt_and_nothing_delivered_is_sent_again(String content) {
        h.postAndAwait(3);
        Path checkpoint = h.herald.stateFile("dispatch.checkpoint");
        try (LogCapture log = new LogCapture()) {
            h.herald.restart(() -> Files.writeString(checkpoint, content));
            List<String> warnings = log.linesWith("checkpoint_rebuilt");
            assertEquals(1, warnings.size(), log.text());
            assertTrue(warnings.get(0).contains("WARN") && warnings.get(0).contains(checkpoint.toString()), warnings.get(0));
        }
        h.postAndAwait(1);
        h.assertEachEventArrivedOnce(4);
    }

    @Test
    void a_checkpoint_beyond_the_journal_is_clamped_so_new_events_are_delivered() {
        h.postAndAwait(2);
        Path checkpoint = h.herald.stateFile("dispatch.checkpoint");
        try (LogCapture log = new LogCapture()) {
            h.herald.restart(() -> Files.writeString(checkpoint, "99999999"));
            List<String> warnings = log.linesWith("checkpoint_clamped");
            assertEquals(1, warnings.size(), log.text());
            assertTrue(warnings.get(0).contains(checkpoint.toString()) && warnings.get(0).contains("99999999")
                    && warnings.get(0).contains("lastSeq=2"), warnings.get(0));
        }
        h.postAndAwait(1);
        h.assertEachEventArrivedOnce(3);
    }

    @Test
    void a_rebuilt_checkpoint_sends_no_old_event_to_a_subscription_made_after_it() {
        h.postAndAwait(3);
        assertEquals(201, h.herald.http().post("/api/v1/subscriptions", "{\"id\": \"late\", \"url\": \"%s\"}"
                .formatted(h.receiver.url("/late"))).status());
        Path checkpoint = h.herald.stateFile("dispatch.checkpoint");
        h.herald.restart(() -> Files.writeString(checkpoint, "garbage"));
        h.herald.postEvent("{\"type\":\"a.b\",\"data\":{}}");
        h.herald.awaitCheckpoint(4);
        assertEquals(1, h.receiver.requestsTo("/late").size(), "only the event made after the subscription");
        assertEquals(4, h.receiver.requestsTo("/sink").size(), "each event once to the older subscription");
    }
}
