package io.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.core.Json;
import io.herald.format.Formats;
import io.herald.format.Secret;
import io.herald.format.SignatureVerifier;
import io.herald.format.WebhookFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * The demo receiver: {@code java -jar herald.jar receiver --secret whsec_... [--port 9000] [--format NAME]}
 * ({@link ReceiverOptions}).
 * Verifies each webhook's signature and prints one line per delivery, so a user can watch Herald work.
 */
final class Receiver {
    private Receiver() {}

    /**
     * Starts the receiver and returns; its server threads keep the JVM up.
     * @throws BadArgument for a bad argument, or when the port cannot be bound
     */
    static void run(List<String> args) {
        ReceiverOptions o = ReceiverOptions.parse(args);
        if (o.help()) {
            System.out.print(ReceiverOptions.usage());
            return;
        }
        WebhookFormat format = Formats.of(Map.of()).get(o.format());
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", o.port()), 64);
        } catch (BindException e) {
            throw new BadArgument("receiver: 127.0.0.1:" + o.port() + ": the port is in use (pick another with --port)");
        } catch (IOException e) {
            throw new BadArgument("receiver: 127.0.0.1:" + o.port() + ": cannot listen (" + e.getMessage() + ")");
        }
        server.setExecutor(Executors.newFixedThreadPool(4, Threads.named("receiver")));
        server.createContext("/", exchange -> handle(exchange, format, o.secret()));
        server.start();
        System.out.println("receiver listening on http://127.0.0.1:" + o.port() + "/ (format " + o.format() + ")");
    }

    private static void handle(HttpExchange exchange, WebhookFormat format, Secret key) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
            boolean verified = SignatureVerifier.verify(format, headers, body, key);
            String type = typeOf(body);
            String id = headers.getOrDefault("webhook-id", headers.getOrDefault("svix-id",
                    headers.getOrDefault("delivery-id", "-")));
            System.out.printf("%s %s type=%s id=%s bytes=%d%n", Instant.now().truncatedTo(ChronoUnit.MILLIS),
                    verified ? "verified" : "NOT-VERIFIED", type, id, body.length);
            exchange.sendResponseHeaders(verified ? 200 : 401, -1);
        }
    }

    private static String typeOf(byte[] body) {
        try {
            JsonNode n = Json.MAPPER.readTree(body);
            for (String f : new String[] {"type", "topic", "event"}) {
                if (n.hasNonNull(f)) return n.get(f).asText();
            }
        } catch (IOException ignored) {
            // not JSON: say so below
        }
        return "?";
    }
}
