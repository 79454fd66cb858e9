package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.journal.ChronicleJournal;
import io.herald.journal.DiskGuard;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import net.openhft.chronicle.queue.RollCycles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * State under storage.dir that Herald cannot rebuild makes it refuse to start (exit 2, one line naming the file and
 * what to do) and leaves the file as it was: before, an empty subscriptions.json started Herald with no API
 * subscriptions, and the next create overwrote the file.
 */
class CorruptStateIT {
    static final String SUBSCRIPTION = """
            {"subscriptions":[{"subscription":{"id":"billing","url":"http://127.0.0.1:9/hook","types":["*"],\
            "secret":"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"},"retiring":[],"createdAt":"2026-11-23T10:00:00.000Z"}]}""";

    @TempDir Path dir;
    Path data;
    Path config;

    @BeforeEach
    void storage() throws Exception {
        data = Files.createDirectories(dir.resolve("data"));
        config = Files.writeString(dir.resolve("config.yaml"), HeraldProcess.config(HeraldProcess.freePort(), data));
    }

    private static String damage(String kind, String whole) {
        return switch (kind) {
            case "empty" -> "";
            case "truncated" -> whole.substring(0, whole.length() / 2);
            case "garbage" -> "\u0000\u0001 not json at all";
            default -> kind;
        };
    }

    private String refusalFor(String file, String content) throws Exception {
        Path path = Files.writeString(data.resolve(file), content);
        String line = JarRun.run(dir, "--config", config.toString()).onlyLine();
        assertTrue(line.startsWith(path + ": "), line);
        assertEquals(content, Files.readString(path), "the file must be left as it was");
        return line;
    }

    @ParameterizedTest(name = "{0} subscriptions.json")
    @ValueSource(strings = {"empty", "{}", "truncated", "garbage", "[]", "{\"subscriptions\":[{\"subscription\":{}}]}"})
    void an_unreadable_subscriptions_file_refuses_to_start(String kind) throws Exception {
        String line = refusalFor("subscriptions.json", damage(kind, SUBSCRIPTION));
        assertTrue(line.contains("restore it") && line.contains("move it away")
                && line.contains("without API subscriptions"), line);
    }

    @ParameterizedTest(name = "{0} subscription-states.json")
    @ValueSource(strings = {"empty", "{}", "truncated", "garbage", "{\"subscriptions\":{\"a\":{\"resetAt\":\"soon\"}}}"})
    void an_unreadable_subscription_states_file_refuses_to_start(String kind) throws Exception {
        String whole = "{\"subscriptions\":{\"billing\":{\"override\":\"manual\",\"firstSeen\":\"2026-11-23T10:00:00.000Z\"}}}";
        String line = refusalFor("subscription-states.json", damage(kind, whole));
        assertTrue(line.contains("restore it") && line.contains("move it away"), line);
    }

    @Test
    void an_unreadable_delivery_log_stops_herald_after_it_started_serving_and_exits_2() throws Exception {
        System.setProperty("chronicle.analytics.disable", "true");
        System.setProperty("chronicle.announcer.disable", "true");
        try (ChronicleJournal log = new ChronicleJournal(data.resolve("deliveries"), RollCycles.FAST_DAILY,
                Clock.systemUTC(), new DiskGuard(0))) {
            log.append("not a delivery record".getBytes(StandardCharsets.UTF_8));
        }
        JarRun run = JarRun.run(dir, "--config", config.toString());
        String line = run.refusal();
        assertTrue(run.stderr().contains("herald_started"), "it failed after it had started:\n" + run.stderr());
        assertTrue(line.startsWith(data.resolve("deliveries") + ": "), line);
        assertTrue(run.stderr().contains("herald_stopped"), "it stopped what had started:\n" + run.stderr());
    }
}
