package io.herald.api;

import io.herald.config.ConfigException;
import io.herald.core.ErrorDocument;
import io.herald.core.HeraldException;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.Map;
import org.eclipse.jetty.io.EofException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code {"error": {"code", "message"}}} (CONTRACT 7). */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);
    private static final Map<Integer, String> CODES = Map.ofEntries(
            Map.entry(400, "invalid_request"), Map.entry(401, "unauthorized"), Map.entry(403, "forbidden"),
            Map.entry(404, "not_found"), Map.entry(405, "method_not_allowed"), Map.entry(408, "request_timeout"),
            Map.entry(409, "conflict"), Map.entry(413, "too_large"), Map.entry(414, "too_large"),
            Map.entry(415, "unsupported_media_type"), Map.entry(431, "too_large"), Map.entry(500, "internal"),
            Map.entry(503, "unavailable"));
    private static final byte[] NEWLINE = {'\n'};

    private Errors() {}

    public static void install(JavalinConfig config) {
        config.routes.exception(HeraldException.class, (e, ctx) -> write(ctx, e));
        // a subscription in an API body is validated like config.yaml: its message names the field at fault
        config.routes.exception(ConfigException.class, (e, ctx) -> write(ctx, HeraldException.invalid(e.getMessage())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
        // a client that hung up mid-request: nobody reads the answer, and it is not Herald's error
        config.routes.exception(EofException.class, (e, ctx) -> {
            log.debug("client_gone method={} path={}", ctx.method(), ctx.path());
            write(ctx, HeraldException.invalid("the request ended early"));
        });
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("request_failed method={} path={}", ctx.method(), ctx.path(), e);
            write(ctx, new HeraldException(500, "internal", "internal error"));
        });
        config.routes.error(404, ctx -> {
            if (!isJson(ctx)) write(ctx, HeraldException.notFound("route " + ctx.method() + " " + ctx.path()));
        });
        config.routes.error(405, ctx -> {
            if (!isJson(ctx)) write(ctx, new HeraldException(405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
        // every JSON answer, route or error, ends with a newline: `curl` then leaves the shell prompt on its own line
        config.routes.after(ctx -> {
            InputStream result = ctx.resultInputStream();
            if (result != null && isJson(ctx) && ctx.statusCode() != 204) {
                ctx.result(new SequenceInputStream(result, new ByteArrayInputStream(NEWLINE)));
            }
        });
    }

    private static boolean isJson(Context ctx) {
        String ct = ctx.res().getContentType();
        return ct != null && ct.startsWith("application/json");
    }

    private static HeraldException fromJavalin(HttpResponseException e) {
        int status = e.getStatus();
        String message = switch (status) {
            case 404 -> "not found";
            case 405 -> "method not allowed";
            case 413 -> "request body is larger than server.max-body";
            default -> e.getMessage() == null ? "request refused" : e.getMessage();
        };
        return new HeraldException(status, codeFor(status), message);
    }

    /** The contract's code for an HTTP status (CONTRACT 7). */
    static String codeFor(int status) {
        return CODES.getOrDefault(status, status >= 500 ? "internal" : "invalid_request");
    }

    /** The error document with its final newline, for answers written outside Javalin (Jetty's own refusals). */
    public static byte[] answer(HeraldException e) {
        return ErrorDocument.answer(e);
    }

    public static void write(Context ctx, HeraldException e) {
        ctx.status(e.status()).contentType("application/json").result(ErrorDocument.json(e));
    }
}
