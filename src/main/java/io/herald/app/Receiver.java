package io.herald.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.herald.core.Json;
import io.herald.delivery.format.Formats;
import io.herald.delivery.format.Secret;
import io.herald.delivery.format.SignatureVerifier;
import io.herald.delivery.format.WebhookFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/**
 * The demo receiver: {@code java -jar herald.jar receiver --port 9000 --secret whsec_... [--format NAME]}.
 * Verifies each webhook's signature and prints one line per delivery, so a user can watch Herald work.
 */
final class Receiver {
    private Receiver() {}

    static void main(String[] args) throws IOException {
        int port = 9000;
        String secret = null;
        String formatName = "standard-webhooks";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--secret" -> secret = args[i + 1];
                case "--format" -> formatName = args[i + 1];
                default -> usage("unknown option " + args[i]);
            }
        }
        if (secret == null) usage("--secret is required");
        Secret key;
        try {
            key = Secret.parse(secret);
        } catch (IllegalArgumentException e) {
            usage(e.getMessage());
            return;
        }
        WebhookFormat format = Formats.of(Map.of()).get(formatName);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
        server.setExecutor(Executors.newFixedThreadPool(4, Threads.named("receiver")));
        server.createContext("/", exchange -> handle(exchange, format, key));
        server.start();
        System.out.println("receiver listening on http://127.0.0.1:" + port + "/ (format " + formatName + ")");
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

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: java -jar herald.jar receiver --port 9000 --secret whsec_... [--format standard-webhooks]");
        System.exit(2);
    }
}
