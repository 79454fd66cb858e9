package io.herald.delivery;

import io.herald.testing.Herald;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A real receiver per test, and the Herald the test starts on a temporary storage dir; both closed after it. */
abstract class WithReceiver {
    static final Duration DEADLINE = Duration.ofSeconds(30);
    @TempDir Path dir;
    TestReceiver receiver;
    Herald herald;

    @BeforeEach
    void startReceiver() throws Exception {
        receiver = new TestReceiver();
    }

    @AfterEach
    void stopBoth() {
        if (herald != null) herald.close();
        receiver.close();
    }
}
