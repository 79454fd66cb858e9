package io.herald.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** A real HTTP receiver for webhooks: records every request and answers as the test says. */
public final class TestReceiver implements AutoCloseable {
    /** What to answer; hang = never answer until the receiver closes. */
    public record Answer(int status, Map<String, String> headers, String body, Duration delay, boolean hangs) {
        public static Answer status(int status) {
            return new Answer(status, Map.of(), "", Duration.ZERO, false);
        }

        public static Answer hanging() {
            return new Answer(0, Map.of(), "", Duration.ZERO, true);
        }

        public Answer withHeader(String name, String value) {
            Map<String, String> h = new TreeMap<>(headers);
            h.put(name, value);
            return new Answer(status, h, body, delay, hangs);
        }

        public Answer withBody(String b) {
            return new Answer(status, headers, b, delay, hangs);
        }

        public Answer after(Duration d) {
            return new Answer(status, headers, body, d, hangs);
        }
    }

    /** A request as received; header names lower-cased. */
    public record Request(String path, Map<String, String> headers, byte[] body, long receivedAtNanos) {
        public String header(String name) {
            return headers.get(name.toLowerCase());
        }

        public String bodyText() {
            return new String(body, java.nio.charset.StandardCharsets.UTF_8);
        }

        /** The headers as the official verifiers take them: lower-case names, list values. */
        public Map<String, List<String>> headerLists() {
            Map<String, List<String>> out = new TreeMap<>();
            headers.forEach((k, v) -> out.put(k, List.of(v)));
            return out;
        }
    }

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private volatile Function<Request, Answer> policy = r -> Answer.status(200);

    public TestReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public void answer(Function<Request, Answer> policy) {
        this.policy = policy;
    }

    /** Answers the given statuses in turn to every request, then repeats the last one. */
    public void answerInTurn(int... statuses) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        answer(r -> Answer.status(statuses[Math.min(n.getAndIncrement(), statuses.length - 1)]));
    }

    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    public List<Request> requestsTo(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
            Request req = new Request(ex.getRequestURI().getPath(), headers, in.readAllBytes(), System.nanoTime());
            requests.add(req);
            Answer a = policy.apply(req);
            if (a.hangs()) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            if (!a.delay().isZero()) closing.await(a.delay().toMillis(), TimeUnit.MILLISECONDS);
            a.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
            byte[] body = a.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            ex.sendResponseHeaders(a.status(), body.length == 0 ? -1 : body.length);
            if (body.length > 0) ex.getResponseBody().write(body);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
        pool.shutdownNow();
    }
}
