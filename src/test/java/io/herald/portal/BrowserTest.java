package io.herald.portal;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.TestReceiver;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/** What every portal browser test has: a real receiver, the in-process Herald and one browser for the class. */
abstract class BrowserTest {
    static Path dir;
    static TestReceiver receiver;
    static Herald herald;
    static Browser browser;

    /** Skips the class when Debian's Chromium is missing, else starts all three. */
    static void startAll(String extraYaml, java.util.function.Function<TestReceiver.Request, TestReceiver.Answer> answers)
            throws Exception {
        Browser.assumeInstalled();
        dir = Files.createTempDirectory("herald-portal-it-");
        receiver = new TestReceiver();
        receiver.answer(answers);
        herald = Herald.start(dir, extraYaml);
        browser = Browser.start("http://127.0.0.1:" + herald.app().port());
    }

    @AfterAll
    static void stopAll() throws Exception {
        if (browser != null) browser.close();
        if (herald != null) herald.close();
        if (receiver != null) receiver.close();
        browser = null;
        herald = null;
        receiver = null;
        if (dir != null) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    static Http api() {
        return herald.http();
    }
}
