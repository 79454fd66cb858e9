package io.herald.app;

import io.herald.api.BodyGate;
import io.herald.api.JsonErrorHandler;
import io.herald.config.ServerConfig;
import io.herald.core.Descriptors;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How Herald's Jetty is set up, apart from its routes: threads, buffers, the JSON error page, the body gate, the
 * connector that answers when descriptors run out, CORS. Read once at start ({@code server.*} needs a restart).
 */
final class JettySetup {
    private static final Logger log = LoggerFactory.getLogger(App.class);

    private JettySetup() {}

    /** @param behindBodyGate core handlers between the body gate and Javalin: they get whole bodies too */
    static void configure(JavalinConfig cfg, ServerConfig settings, Handler.Singleton behindBodyGate) {
        // 64, not Jetty's 200: no request holds a thread long (bodies arrive without one, streams hold none once
        // started), and a burst of 10,000 stream connects grew the pool to its maximum, whose stacks and malloc
        // arenas then held ~60 MB (P6: 275 -> 211 MB with 10,000 streams)
        QueuedThreadPool pool = new QueuedThreadPool(64, 8);
        pool.setName("http");
        cfg.startup.showJavalinBanner = false;
        cfg.startup.showOldJavalinVersionWarning = false;
        cfg.http.maxRequestSize = settings.maxBody();
        cfg.http.prefer405over404 = true;
        cfg.jetty.threadPool = pool;
        cfg.jetty.host = settings.host();
        cfg.jetty.port = settings.port();
        // the path only: query strings may carry stream tokens, which must never reach a log
        cfg.requestLogger.http((ctx, ms) -> log.debug("http method={} path={} status={} ms={}",
                ctx.method(), ctx.path(), ctx.status().getCode(), ms));
        cfg.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
        // an API answer aggregates its writes in a buffer of this size (8 KB: it rarely needs more); streams
        // write whole frames past it (stream/StreamClient), so an open stream holds no such buffer
        cfg.jetty.modifyHttpConfiguration(hc -> hc.setOutputBufferSize(8192));
        // Javalin copies each answer into that aggregation buffer through a new array of this size (by default the
        // buffer's size: 8 KB of garbage per request, 28% of single-event ingest's allocation by JFR); answers are
        // mostly a few hundred bytes, and a larger one is copied in more steps into the same buffer
        cfg.http.responseBufferSize = 1024;
        cfg.jetty.modifyServer(server -> {
            // what Jetty refuses before a route runs answers in the contract's JSON, not an HTML page
            server.setErrorHandler(new JsonErrorHandler());
            // bodies arrive without holding a thread, within a time bound, and never over max-body
            server.insertHandler(behindBodyGate);
            server.insertHandler(new BodyGate(settings.maxBody()));
        });
        cfg.jetty.addConnector((server, hc) -> {
            var connector = new HttpConnector(server, Descriptors.PROCESS, new HttpConnectionFactory(hc));
            connector.setHost(settings.host());
            connector.setPort(settings.port());
            // the JDK's default backlog of 50 drops connections in a burst (a thousand clients, a reconnect
            // storm) before Herald can accept or answer them; the kernel caps it at net.core.somaxconn
            connector.setAcceptQueueSize(1024);
            return connector;
        });
        if (!settings.corsOrigins().isEmpty()) {
            cfg.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                if (settings.corsOrigins().contains("*")) rule.anyHost();
                else settings.corsOrigins().forEach(o -> rule.allowHost(o));
                rule.exposeHeader("Content-Type");
            }));
        }
    }
}
