package io.herald.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An EventSource as the WHATWG spec parses it: lines split on CR, LF or CRLF; {@code :} comments; the fields
 * event, data, id and retry; an event dispatched on a blank line when its data buffer is not empty.
 */
public final class SseTestClient implements AutoCloseable {
    /** One dispatched event; type is "message" unless an event: field named it. */
    public record Event(String type, String data, String lastEventId) {}

    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public final int status;
    public final Map<String, java.util.List<String>> headers;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final AtomicInteger comments = new AtomicInteger();
    private volatile long retry = -1;
    private volatile boolean ended;
    private final InputStream body;
    private final Thread reader;
    public final String errorBody;

    public SseTestClient(String url, Map<String, String> requestHeaders) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        requestHeaders.forEach(b::header);
        HttpResponse<InputStream> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        status = r.statusCode();
        headers = r.headers().map();
        body = r.body();
        if (status != 200) {
            errorBody = new String(body.readAllBytes(), StandardCharsets.UTF_8);
            reader = null;
            ended = true;
            return;
        }
        errorBody = null;
        reader = new Thread(this::read, "sse-test-client");
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        String lastEventId = "";
        StringBuilder data = new StringBuilder();
        String type = "";
        try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        data.setLength(data.length() - 1);
                        events.add(new Event(type.isEmpty() ? "message" : type, data.toString(), lastEventId));
                    }
                    data.setLength(0);
                    type = "";
                    continue;
                }
                if (line.startsWith(":")) {
                    comments.incrementAndGet();
                    continue;
                }
                int colon = line.indexOf(':');
                String field = colon < 0 ? line : line.substring(0, colon);
                String value = colon < 0 ? "" : line.substring(colon + 1);
                if (value.startsWith(" ")) value = value.substring(1);
                switch (field) {
                    case "event" -> type = value;
                    case "data" -> data.append(value).append('\n');
                    case "id" -> { if (!value.contains("\0")) lastEventId = value; }
                    case "retry" -> { if (value.matches("\\d+")) retry = Long.parseLong(value); }
                    default -> { }
                }
            }
        } catch (IOException ignored) {
            // the stream ended
        } finally {
            ended = true;
        }
    }

    /** The next event, or null if none arrives within the timeout. */
    public Event next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public Event require(Duration timeout) throws InterruptedException {
        Event e = next(timeout);
        if (e == null) throw new AssertionError("no event within " + timeout + (ended ? " (stream ended)" : ""));
        return e;
    }

    public int pending() {
        return events.size();
    }

    public int comments() {
        return comments.get();
    }

    public long retry() {
        return retry;
    }

    public boolean ended() {
        return ended;
    }

    @Override
    public void close() {
        try {
            body.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        if (reader != null) reader.interrupt();
    }
}
