package io.herald.delivery;

import io.herald.net.BlockedAddressException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.ProxyAuthenticationProtocolHandler;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.WWWAuthenticationProtocolHandler;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.util.SocketAddressResolver;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Sends webhook requests with Jetty's async client: no thread waits on a slow receiver. Redirects are not
 * followed, and every address the client connects to comes from the given resolver, which refuses private ones.
 */
public final class Sender implements AutoCloseable {
    static final int MAX_RESPONSE_BYTES = 4096;

    private final HttpClient client;
    private final QueuedThreadPool pool;
    private final String userAgent;

    public Sender(SocketAddressResolver resolver, int maxConnectionsPerDestination, String userAgent) {
        this.userAgent = userAgent;
        // Responses are handled on the selector thread that read them, not handed to a pool thread: the hand-off
        // (a context switch per delivery) cost a quarter of P3's throughput (13-15k -> 16-19k deliveries/s).
        // Only successes complete there; see Collector.onComplete.
        HttpClientTransportOverHTTP transport = new HttpClientTransportOverHTTP();
        transport.setInvocationType(Invocable.InvocationType.NON_BLOCKING);
        client = new HttpClient(transport);
        pool = new QueuedThreadPool(Math.max(8, Runtime.getRuntime().availableProcessors() * 4));
        pool.setName("delivery-client");
        pool.setDaemon(true);
        client.setExecutor(pool);
        client.setFollowRedirects(false);
        client.setSocketAddressResolver(resolver);
        client.setMaxConnectionsPerDestination(maxConnectionsPerDestination);
        client.setMaxRequestsQueuedPerDestination(Integer.MAX_VALUE);
        client.setUserAgentField(null);
        // A webhook sender is not a browser: a receiver's Set-Cookie must not ride along on later deliveries
        // (Jetty's default store kept and sent them). Without a store Jetty also skips rebuilding each request's
        // URI to match cookies, ~4% of P3's CPU.
        client.setHttpCookieStore(new HttpCookieStore.Empty());
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
        // Herald never authenticates, but Jetty's authentication handlers (added by start) read every 401 and 407:
        // one without WWW-Authenticate (or Proxy-Authenticate) failed the attempt as "HTTP protocol violation"
        // instead of recording the receiver's status and body.
        client.getProtocolHandlers().remove(WWWAuthenticationProtocolHandler.NAME);
        client.getProtocolHandlers().remove(ProxyAuthenticationProtocolHandler.NAME);
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
                .send(new Collector(start, timeout, done, pool));
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
        private final Executor slowPath;
        /** allocated on the first byte of content: most receivers answer with none */
        private ByteBuffer kept;

        Collector(long start, Duration timeout, Consumer<AttemptResult> done, Executor slowPath) {
            this.start = start;
            this.timeout = timeout;
            this.done = done;
            this.slowPath = slowPath;
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
            AttemptResult attempt;
            if (result.isFailed()) {
                attempt = new AttemptResult(status, describe(result.getFailure()), body.isEmpty() ? null : body, null, ms);
            } else {
                String retryAfter = (status == 429 || status == 503) ? r.getHeaders().get("Retry-After") : null;
                attempt = new AttemptResult(status, null, body, retryAfter, ms);
            }
            // This runs on a selector thread, which other connections' I/O waits for. A success only appends to
            // the delivery log; a failure may also disable its subscription (an fsync of its state file), so it
            // goes to the pool. Ops events are only queued (core/OpsEventQueue), never journaled from here.
            if (attempt.succeeded()) {
                done.accept(attempt);
            } else {
                slowPath.execute(() -> done.accept(attempt));
            }
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
