package io.herald.e2e;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Http;
import io.herald.testing.Poll;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built jar's demo receiver finds the aioz format by name and verifies what Herald sends in it. */
class AiozReceiverIT {
    @TempDir Path dir;

    @Test
    void the_demo_receiver_verifies_an_aioz_webhook() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path out = dir.resolve("receiver.out");
        Process receiver = new ProcessBuilder(List.of(HeraldProcess.java(), "-jar", HeraldProcess.jar().toString(),
                "receiver", "--port", String.valueOf(port), "--secret", HeraldProcess.SECRET, "--format", "aioz"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try (HeraldProcess herald = new HeraldProcess(dir, "subscriptions:\n  - id: aioz\n    url: http://127.0.0.1:" + port
                + "/webhook\n    secret: " + HeraldProcess.SECRET + "\n    format: aioz\n    retry-schedule: [200ms, 500ms, 1s, 2s]\n")) {
            Poll.until(Duration.ofSeconds(60), "the receiver to listen", () -> read(out).contains("(format aioz)"));
            herald.start();
            new Http(herald.base(), HeraldProcess.API_KEY).post("/api/v1/events",
                    "{\"type\":\"media.transcoded\",\"data\":{\"media_id\":\"m1\",\"title\":\"Intro\"}}");
            Poll.until(Duration.ofSeconds(30), "a verified aioz webhook at the receiver", () -> read(out).contains(
                    " verified type=media.transcoded "));
            assertFalse(read(out).contains("NOT-VERIFIED"), read(out));
        } finally {
            receiver.destroy();
            receiver.waitFor(10, TimeUnit.SECONDS);
        }
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
