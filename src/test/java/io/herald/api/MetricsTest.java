package io.herald.api;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.testing.Herald;
import io.herald.testing.Http;
import io.herald.testing.Poll;
import io.herald.testing.TestReceiver;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsTest {
    static final Duration DEADLINE = Duration.ofSeconds(20);
    /** The exposition format's sample line: name, optional {labels}, value. */
    static final Pattern SAMPLE = Pattern.compile(
            "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\\\n]|\\\\.)*\",?)*})? (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");
    static final Pattern META = Pattern.compile("# (HELP|TYPE|UNIT) [a-zA-Z_:][a-zA-Z0-9_:]* .*");
    @TempDir Path dir;

    /** Every line checked strictly; the samples by name and labels (the library writes labels sorted by name). */
    static Map<String, Double> parse(String text) {
        Map<String, Double> out = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isEmpty() || line.equals("# EOF")) continue;
            if (line.startsWith("#")) {
                assertTrue(META.matcher(line).matches(), "bad comment line: " + line);
                continue;
            }
            Matcher m = SAMPLE.matcher(line);
            assertTrue(m.matches(), "bad sample line: " + line);
            out.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
        }
        return out;
    }

    static Map<String, Double> scrape(Herald h) {
        Http.Response r = h.http().get("/metrics");
        assertEquals(200, r.status());
        assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("text/plain"));
        return parse(r.body());
    }

    @Test
    void metrics_parse_as_prometheus_text_and_move_when_events_are_posted_and_delivered() throws Exception {
        try (TestReceiver receiver = new TestReceiver();
             Herald h = Herald.start(dir, "subscriptions:\n" + Herald.subscription("s", receiver.url("/s"), ""))) {
            assertEquals(401, h.http().send(h.http().anonymous("/metrics").GET()).status(), "needs the api key");
            Map<String, Double> before = scrape(h);
            assertEquals(0.0, before.get("herald_events_accepted_total"));
            for (int i = 0; i < 3; i++) h.postEvent("{\"type\":\"a.b\",\"data\":{}}");
            Map<String, Double> after = Poll.value(DEADLINE, "three deliveries counted", () -> {
                Map<String, Double> m = scrape(h);
                // a delivery is counted just before its worker is released: wait for both
                return m.getOrDefault("herald_deliveries_total{status=\"succeeded\",subscription=\"s\"}", 0.0) == 3
                        && m.get("herald_pending_deliveries") == 0 ? m : null;
            });
            assertEquals(3.0, after.get("herald_events_accepted_total"));
            assertEquals(3.0, after.get("herald_delivery_attempts_total{outcome=\"success\",subscription=\"s\"}"));
            assertEquals(3.0, after.get("herald_delivery_latency_seconds_count"));
            assertEquals(3.0, after.get("herald_delivery_latency_seconds_bucket{le=\"+Inf\"}"));
            assertTrue(after.get("herald_journal_bytes{journal=\"events\"}") > 0);
            assertEquals(0.0, after.get("herald_pending_deliveries"));
            assertEquals(0.0, after.get("herald_stream_clients"));
        }
    }

    @Test
    void metrics_public_lets_a_scraper_in_without_a_key() {
        try (Herald h = Herald.start(dir, "server:\n  host: 127.0.0.1\n  port: 0\n  metrics-public: true\n")) {
            Http.Response r = h.http().send(h.http().anonymous("/metrics").GET());
            assertEquals(200, r.status());
            parse(r.body());
        }
    }
}
