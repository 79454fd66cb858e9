package io.herald.delivery;

import io.herald.delivery.net.BlockedAddressException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends webhook requests with Jetty's async client: no thread waits on a slow receiver. Redirects are not
 * followed, and every address the client connects to comes from the given resolver, which refuses private ones.
 */
public final class Sender implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 4096;

    private final HttpClient client = new HttpClient();
    private final String userAgent;

    public Sender(SocketAddressResolver resolver, int maxConnectionsPerDestination, String userAgent) {
        this.userAgent = userAgent;
        QueuedThreadPool pool = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
        pool.setName("delivery-client");
        pool.setDaemon(true);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setSocketAddressResolver(resolver);
        client.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        client.setUserAgentField(null);
    }

    /**
     * Starts the client: its TLS setup loads the trust store, a few hundred ms of a cold start, so the dispatcher
     * calls this on its loader thread rather than delay the moment Herald answers.
     */
    public void start() {
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the webhook client", e);
        }
    }

    public void send(URI url, Map<String, String> headers, byte[] body, Duration timeout, Consumer<AttemptResult> done) {
        long start = System.nanoTime();
        client.newRequest(url)
                .method(HttpMethod.POST)
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    headers.forEach(h::put);
                    h.put("User-Agent", userAgent);
                })
                .body(new BytesRequestContent("application/json", body))
                .send(new Collector(start, timeout, done));
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (Exception ignored) {
            // stopping is best effort at shutdown
        }
    }

    /** Keeps the first 4 KB of the body and reports once. */
    private static final class Collector implements Response.Listener {
        private final long start;
        private final Duration timeout;
        private final Consumer<AttemptResult> done;
        /** allocated on the first byte of content: most receivers answer with none */
        private ByteBuffer kept;

        Collector(long start, Duration timeout, Consumer<AttemptResult> done) {
            this.start = start;
            this.timeout = timeout;
            this.done = done;
        }

        @Override
        public void onContent(Response response, ByteBuffer content) {
            if (kept == null) kept = ByteBuffer.allocate(MAX_RESPONSE_BYTES);
            int n = Math.min(kept.remaining(), content.remaining());
            if (n > 0) kept.put(content.slice().limit(n));
        }

        @Override
        public void onComplete(Result result) {
            long ms = (System.nanoTime() - start) / 1_000_000;
            Response r = result.getResponse();
            Integer status = r != null && r.getStatus() > 0 ? r.getStatus() : null;
            String body = kept == null ? "" : new String(kept.array(), 0, kept.position(), StandardCharsets.UTF_8);
            if (result.isFailed()) {
                done.accept(new AttemptResult(status, describe(result.getFailure()), body.isEmpty() ? null : body, null, ms));
                return;
            }
            Duration retryAfter = (status == 429 || status == 503) ? RetryAfter.parse(r.getHeaders().get("Retry-After")) : null;
            done.accept(new AttemptResult(status, null, body, retryAfter, ms));
        }

        private String describe(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                if (root instanceof BlockedAddressException) break;
                root = root.getCause();
            }
            if (t instanceof TimeoutException || root instanceof TimeoutException) {
                return "timeout: no answer within " + timeout.toMillis() + " ms";
            }
            if (root instanceof BlockedAddressException) return "blocked: " + root.getMessage();
            if (root instanceof ConnectException) return "connection refused";
            if (root instanceof UnknownHostException || root instanceof UnresolvedAddressException) {
                return "unknown host: " + root.getMessage();
            }
            if (root instanceof SSLException) return "tls: " + root.getMessage();
            return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
        }
    }
}
