package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.core.StateException;
import io.herald.format.Secret;
import io.herald.testing.Herald;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API subscriptions' change log: what is acknowledged is read back; what is damaged refuses to start. */
class SubscriptionStoreTest {
    static final DeliveryConfig DELIVERY = new DeliveryConfig(4, Duration.ofSeconds(5), List.of(), 0,
            new DeliveryConfig.DisableAfter(10, Duration.ofDays(5)), List.of());
    static final Instant T = Instant.parse("2026-11-23T10:00:00Z");
    @TempDir Path dir;

    Path json() {
        return dir.resolve("subscriptions.json");
    }

    Path log() {
        return dir.resolve("subscriptions.log");
    }

    static ApiSubscription sub(String id, String tenant) {
        return new ApiSubscription(new SubscriptionConfig(id, "https://hooks.example.com/" + id, Herald.SECRET,
                List.of("*"), "standard-webhooks", Map.of(), true, null, null, null, true, tenant), List.of(), T);
    }

    SubscriptionStore open() {
        return new SubscriptionStore(json(), DELIVERY);
    }

    static List<String> ids(SubscriptionStore s) {
        return s.all().stream().map(ApiSubscription::id).toList();
    }

    @Test
    void acknowledged_puts_and_deletes_are_read_back_in_order_with_tenant_and_retiring_secrets() {
        SubscriptionStore s = open();
        s.put(sub("a", "acme"));
        s.put(sub("b", null));
        s.put(sub("c", "globex"));
        s.remove("b");
        Secret old = Secret.parse(Herald.SECRET);
        s.put(new ApiSubscription(sub("a", "acme").config(), List.of(new SecretEntry(old, T.plusSeconds(60))), T));
        s.close();

        SubscriptionStore again = open();
        assertEquals(List.of("a", "c"), ids(again), "creation order; a change keeps its place");
        assertEquals("acme", again.get("a").config().tenant());
        assertEquals(T.plusSeconds(60), again.get("a").retiring().get(0).expiresAt());
        assertNull(again.get("b"));
        again.close();
    }

    @Test
    void a_torn_last_line_from_a_crash_is_dropped_and_the_log_goes_on() throws IOException {
        SubscriptionStore s = open();
        s.put(sub("a", null));
        s.close();
        long whole = Files.size(log());
        Files.writeString(log(), "1234abcd {\"op\":\"put\",\"subscri", StandardOpenOption.APPEND);

        SubscriptionStore again = open();
        assertEquals(List.of("a"), ids(again));
        assertEquals(whole, Files.size(log()), "the unacknowledged tail is cut off");
        again.put(sub("b", null));
        again.close();
        SubscriptionStore third = open();
        assertEquals(List.of("a", "b"), ids(third));
        third.close();
    }

    @Test
    void a_damaged_line_refuses_to_start_with_a_state_exception_naming_the_file_and_line() throws IOException {
        SubscriptionStore s = open();
        s.put(sub("a", null));
        s.put(sub("b", null));
        s.close();
        List<String> lines = Files.readAllLines(log());
        Files.write(log(), List.of(lines.get(0).replace("hooks.example.com/a", "hooks.example.com/x"), lines.get(1)));
        StateException e = assertThrows(StateException.class, this::open);
        assertEquals(log() + ": line 1 is damaged (its checksum does not match); restore the file from a backup or"
                + " remove it to lose what it holds", e.getMessage());

        Files.write(log(), List.of(lines.get(0), "not a record at all"));
        assertTrue(assertThrows(StateException.class, this::open).getMessage().contains("line 2 is damaged"));
    }

    @Test
    void a_record_holding_an_unreadable_subscription_refuses_to_start() throws IOException {
        String bad = "{\"op\":\"put\",\"subscription\":{\"id\":\"a\",\"url\":\"ftp://x\"},\"createdAt\":\"2026-11-23T10:00:00Z\"}";
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bad.getBytes(StandardCharsets.UTF_8));
        Files.writeString(log(), String.format("%08x %s%n", crc.getValue(), bad));
        StateException e = assertThrows(StateException.class, this::open);
        assertTrue(e.getMessage().startsWith(log() + ": line 1 cannot be read: url:"), e.getMessage());
    }

    @Test
    void an_old_subscriptions_json_is_migrated_once_into_the_log() throws IOException {
        Files.writeString(json(), """
                {"subscriptions": [
                  {"subscription": {"id": "old", "url": "https://hooks.example.com/old", "secret": "%s",
                                    "events": ["render.*"], "format": "svix", "headers": {}, "enabled": true},
                   "retiring": [], "createdAt": "2026-11-01T00:00:00.000Z"}]}""".formatted(Herald.SECRET));
        SubscriptionStore s = open();
        assertEquals(List.of("old"), ids(s));
        assertEquals("svix", s.get("old").config().format());
        s.close();
        assertFalse(Files.exists(json()));
        assertTrue(Files.exists(dir.resolve("subscriptions.json.migrated")));
        SubscriptionStore again = open();
        assertEquals(List.of("old"), ids(again), "read from the log now");
        again.close();
    }

    @Test
    void a_migration_cut_short_by_a_crash_runs_again_from_the_old_file() throws IOException {
        Files.writeString(json(), "{\"subscriptions\": [{\"subscription\": {\"id\": \"old\", \"url\": "
                + "\"https://hooks.example.com/old\", \"secret\": \"" + Herald.SECRET + "\"}, \"retiring\": [], "
                + "\"createdAt\": \"2026-11-01T00:00:00.000Z\"}]}");
        Files.writeString(dir.resolve("subscriptions.log.tmp"), "1234abcd {\"op\":\"pu"); // the new log, half written
        SubscriptionStore s = open();
        assertEquals(List.of("old"), ids(s));
        s.close();
        assertFalse(Files.exists(dir.resolve("subscriptions.log.tmp")));
    }

    @Test
    void an_unreadable_old_subscriptions_json_refuses_to_start() throws IOException {
        Files.writeString(json(), "{\"subscriptions\": [");
        StateException e = assertThrows(StateException.class, this::open);
        assertTrue(e.getMessage().startsWith(json() + ": the file is cut short"), e.getMessage());
        assertFalse(Files.exists(log()), "nothing was migrated");
    }

    @Test
    void compaction_keeps_the_log_short_and_every_live_subscription() throws IOException {
        SubscriptionStore s = open();
        for (int i = 0; i < 3000; i++) s.put(sub("s" + (i % 7), i % 2 == 0 ? "acme" : null));
        s.remove("s6");
        s.close();
        assertTrue(Files.readAllLines(log()).size() <= 1001, "compacted: " + Files.readAllLines(log()).size() + " lines");
        SubscriptionStore again = open();
        assertEquals(List.of("s0", "s1", "s2", "s3", "s4", "s5"), ids(again));
        again.close();
    }
}
