package io.herald.stream;

import static org.junit.jupiter.api.Assertions.*;

import io.herald.core.Json;
import io.herald.testing.Herald;
import io.herald.testing.SseTestClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Registration holds no lock shared by every stream, and the snapshot or replay runs after it under none: many
 * clients connecting to one resource at once, while its events keep coming, must each still see every later event
 * exactly once, in order (CONTRACT 6), whichever way they start (issue 18 item 4).
 */
class ConcurrentConnectTest {
    static final Duration WAIT = Duration.ofSeconds(60);
    @TempDir Path dir;

    record Start(String path, Map<String, String> headers, long after) {}

    @Test
    void two_hundred_clients_connecting_at_once_while_events_come_each_see_every_later_event_once_in_order() throws Exception {
        try (Herald h = Herald.start(dir, "")) {
            List<Long> hot = new CopyOnWriteArrayList<>();
            List<Long> all = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 30; i++) post(h, i, hot, all);
            String base = "http://127.0.0.1:" + h.app().port();
            List<Start> starts = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String resource = base + "/jobs/hot/events?token=" + Herald.API_KEY;
                starts.add(switch (i % 4) {
                    case 0, 1 -> new Start(resource, Map.of(), -1); // initiated
                    case 2 -> { // replay from a seq of this resource, or from before everything
                        long after = i % 8 == 2 ? 0 : hot.get(i % hot.size());
                        yield new Start(resource, Map.of("Last-Event-ID", Long.toString(after)), after);
                    }
                    default -> { // the firehose, replaying from any seq
                        long after = all.get(i % all.size());
                        yield new Start(base + "/api/v1/stream", Map.of("Authorization", "Bearer " + Herald.API_KEY,
                                "Last-Event-ID", Long.toString(after)), after);
                    }
                });
            }
            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<SseTestClient> clients = new CopyOnWriteArrayList<>();
            try {
                Future<?> poster = pool.submit(() -> {
                    for (int i = 30; i < 430; i++) post(h, i, hot, all);
                    return null;
                });
                List<Future<SseTestClient>> opening = new ArrayList<>();
                for (Start s : starts) {
                    opening.add(pool.submit(() -> {
                        SseTestClient c = new SseTestClient(s.path(), s.headers());
                        clients.add(c);
                        return c;
                    }));
                }
                poster.get();
                for (int i = 0; i < starts.size(); i++) {
                    Start s = starts.get(i);
                    SseTestClient c = opening.get(i).get();
                    assertEquals(200, c.status, c.errorBody);
                    boolean firehose = s.path().contains("/api/v1/stream");
                    List<Long> expected = firehose ? all : hot;
                    long after = s.after();
                    if (after < 0) {
                        SseTestClient.Event ini = c.require(WAIT);
                        assertEquals("initiated", Json.MAPPER.readTree(ini.data()).get("type").asText());
                        after = Long.parseLong(ini.lastEventId());
                    }
                    List<Long> want = new ArrayList<>();
                    for (long seq : expected) if (seq > after) want.add(seq);
                    List<Long> got = new ArrayList<>();
                    for (SseTestClient.Event e; got.size() < want.size() && (e = c.next(WAIT)) != null; ) {
                        got.add(Long.parseLong(e.lastEventId()));
                    }
                    assertEquals(want, got, "client " + i + " (" + (firehose ? "firehose" : "jobs/hot")
                            + " after " + after + "): every later event once, in order");
                    assertNull(c.next(Duration.ofMillis(20)), "nothing more");
                }
            } finally {
                clients.forEach(SseTestClient::close);
                pool.shutdownNow();
            }
        }
    }

    @Test
    void streams_published_by_the_posting_threads_themselves_see_every_event_once_in_order() throws Exception {
        // no firehose and at most 64 streams a resource: each poster publishes what it appended (StreamHub's
        // light path), four posters at once, racing each other and the clients connecting
        try (Herald h = Herald.start(dir, "")) {
            String url = "http://127.0.0.1:" + h.app().port() + "/jobs/hot/events?token=" + Herald.API_KEY;
            List<Long> hot = new CopyOnWriteArrayList<>();
            ExecutorService pool = Executors.newFixedThreadPool(24);
            List<SseTestClient> clients = new CopyOnWriteArrayList<>();
            try {
                List<Future<?>> posters = new ArrayList<>();
                for (int p = 0; p < 4; p++) {
                    int first = p;
                    posters.add(pool.submit(() -> {
                        for (int i = first; i < 400; i += 4) post(h, i, hot, new CopyOnWriteArrayList<>());
                        return null;
                    }));
                }
                List<Future<SseTestClient>> opening = new ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    opening.add(pool.submit(() -> {
                        SseTestClient c = new SseTestClient(url, Map.of());
                        clients.add(c);
                        return c;
                    }));
                }
                for (Future<?> p : posters) p.get();
                List<Long> inOrder = hot.stream().sorted().toList();
                for (int i = 0; i < opening.size(); i++) {
                    SseTestClient c = opening.get(i).get();
                    assertEquals(200, c.status, c.errorBody);
                    long after = Long.parseLong(c.require(WAIT).lastEventId()); // initiated
                    List<Long> want = inOrder.stream().filter(seq -> seq > after).toList();
                    List<Long> got = new ArrayList<>();
                    for (SseTestClient.Event e; got.size() < want.size() && (e = c.next(WAIT)) != null; ) {
                        got.add(Long.parseLong(e.lastEventId()));
                    }
                    assertEquals(want, got, "client " + i + " after " + after + ": every later event once, in order");
                    assertNull(c.next(Duration.ofMillis(20)), "nothing more");
                }
            } finally {
                clients.forEach(SseTestClient::close);
                pool.shutdownNow();
            }
        }
    }

    /** Posts event i, every other one to jobs/hot and the rest to other resources, and records the seqs. */
    private static void post(Herald h, int i, List<Long> hot, List<Long> all) {
        String id = i % 2 == 0 ? "hot" : "r" + i;
        long seq = h.postEvent("{\"type\":\"a.b\",\"data\":{\"i\":" + i + "},\"resource\":{\"type\":\"jobs\",\"id\":\"" + id + "\"}}")
                .get("seq").asLong();
        all.add(seq);
        if (id.equals("hot")) hot.add(seq);
    }
}
