package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.ConfigLoader;
import io.herald.config.DeliveryConfig;
import io.herald.testing.Herald;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoredSubscriptionTest {
    @TempDir Path dir;

    @Test
    void a_subscription_stored_before_the_header_rules_still_loads_without_the_headers_they_refuse() throws Exception {
        Path file = dir.resolve("subscriptions.json");
        Files.writeString(file, """
                {"subscriptions": [{"subscription": {"id": "old", "url": "https://hooks.example.com/h",
                  "secret": "%s", "events": ["*"], "format": "gone-format", "enabled": true,
                  "headers": {"Host": "evil.example", "X-Env": "prod", "X A": "1", "Content-Length": "0"}},
                  "retiring": [], "createdAt": "2026-01-01T00:00:00Z"}]}""".formatted(Herald.SECRET));
        DeliveryConfig delivery = ConfigLoader.parse("auth:\n  api-keys:\n    - {name: k, key: kkkkkkkk}\n", "c").delivery();
        ApiSubscription old = new SubscriptionStore(file, delivery).get("old");
        assertEquals(Map.of("X-Env", "prod"), old.config().headers());
        assertEquals("gone-format", old.config().format(), "a format that left the config still loads");
    }
}
