package io.herald.subscription;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import io.herald.testing.TestReceiver.Answer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CONTRACT 4.2: every list answers {"...": [...], "next": cursor-or-null}, and next reaches every item. */
class ListPagingTest {
    static final String SUBS = "/api/v1/subscriptions";
    @TempDir Path dir;
    Herald herald;

    @AfterEach
    void stop() {
        if (herald != null) herald.close();
    }

    /** Every item of a list, following next from the first page; fails on a repeat. */
    List<String> walk(String path, String field, int expectedPages) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String sep = path.contains("?") ? "&" : "?";
            Http.Response r = herald.http().get(path + (cursor == null ? "" : sep + "cursor="
                    + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            assertEquals(200, r.status(), r.body());
            JsonNode page = r.json();
            assertTrue(page.has("next"), "every list says next: " + r.body().substring(0, Math.min(200, r.body().length())));
            page.get(field).forEach(item -> ids.add(item.get("id").asText()));
            cursor = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        } while (cursor != null && pages <= expectedPages);
        assertEquals(expectedPages, pages, path);
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no item twice in " + path);
        return ids;
    }

    @Test
    void more_than_1000_subscriptions_are_all_reachable_by_following_next() throws Exception {
        herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("from-file", "https://hooks.example.com/f", ""));
        int n = 1_001;
        Set<String> made = new HashSet<>(List.of("from-file"));
        long t0 = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> creates = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String body = "{\"url\": \"https://hooks.example.com/" + i + "\"}";
                creates.add(pool.submit(() -> {
                    Http.Response r = herald.http().post(SUBS, body);
                    assertEquals(201, r.status(), r.body());
                    return r.json().get("id").asText();
                }));
            }
            for (Future<String> f : creates) made.add(f.get());
        } finally {
            pool.shutdownNow();
        }
        System.out.printf("paging: %d creates in %d ms%n", n, (System.nanoTime() - t0) / 1_000_000);

        List<String> big = walk(SUBS + "?limit=1000", "subscriptions", 2);
        assertEquals(made, new HashSet<>(big), "every subscription is reachable");
        assertEquals("from-file", big.get(0), "oldest first: the config's, then the API's in order of creation");
        List<String> small = walk(SUBS, "subscriptions", 11);
        assertEquals(big, small, "the default page of 100 walks the same order");

        // a page's last item deleted before the next page is read: the walk goes on where it was
        JsonNode first = herald.http().get(SUBS + "?limit=10").json();
        String tenth = first.get("subscriptions").get(9).get("id").asText();
        assertEquals(204, herald.http().delete(SUBS + "/" + tenth).status());
        JsonNode second = herald.http().get(SUBS + "?limit=10&cursor="
                + URLEncoder.encode(first.get("next").asText(), StandardCharsets.UTF_8)).json();
        assertEquals(big.get(10), second.get("subscriptions").get(0).get("id").asText());

        for (String bad : List.of("nonsense", "bm9wZQ", "%00")) {
            Http.Response r = herald.http().get(SUBS + "?cursor=" + bad);
            assertEquals(400, r.status(), bad);
            assertTrue(r.json().get("error").get("message").asText().startsWith("cursor"), r.body());
        }
    }

    @Test
    void every_delivery_is_reachable_by_following_next_and_the_status_filter_holds_across_pages() throws Exception {
        try (TestReceiver receiver = new TestReceiver()) {
            receiver.answer(r -> Answer.status(r.bodyText().contains("\"fail\":true") ? 500 : 200));
            herald = Herald.start(dir, "subscriptions:\n" + Herald.subscription("s", receiver.url("/s"),
                    "retry-schedule: []"));
            int n = 25;
            Set<String> failing = new HashSet<>();
            for (int i = 0; i < n; i++) {
                long seq = herald.postEvent("{\"type\":\"a.b\",\"data\":{\"fail\":" + (i % 3 == 0) + "}}").get("seq").asLong();
                if (i % 3 == 0) failing.add("dlv_" + seq + "_s");
            }
            String deliveries = SUBS + "/s/deliveries";
            Poll.until(Duration.ofSeconds(20), "every delivery final", () -> {
                JsonNode all = herald.http().get(deliveries + "?limit=1000").json().get("deliveries");
                int done = 0;
                for (JsonNode d : all) done += d.get("status").asText().equals("pending") ? 0 : 1;
                return done == n;
            });
            List<String> all = walk(deliveries + "?limit=4", "deliveries", 7);
            assertEquals(n, all.size());
            assertEquals(new HashSet<>(all), new HashSet<>(walk(deliveries + "?limit=1000", "deliveries", 1)));
            List<String> failed = walk(deliveries + "?status=failed&limit=2", "deliveries", 5);
            assertEquals(failing, new HashSet<>(failed));
            List<String> succeeded = walk(deliveries + "?status=succeeded&limit=8", "deliveries", 2);
            assertEquals(16, succeeded.size());
            Set<String> both = new HashSet<>(failed);
            both.addAll(succeeded);
            assertEquals(new HashSet<>(all), both, "every delivery is either, and the filters lose none");
            assertEquals(400, herald.http().get(deliveries + "?cursor=nonsense").status());
        }
    }
}
