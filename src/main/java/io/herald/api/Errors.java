package io.herald.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.ConfigException;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where failures become {@code {"error": {"code", "message"}}} (CONTRACT 7). */
public final class Errors {
    private static final Logger log = LoggerFactory.getLogger(Errors.class);
    private static final Map<Integer, String> CODES = Map.of(
            400, "invalid_request", 401, "unauthorized", 403, "forbidden", 404, "not_found",
            405, "method_not_allowed", 409, "conflict", 413, "too_large", 415, "unsupported_media_type",
            503, "unavailable");

    private Errors() {}

    public static void install(JavalinConfig config) {
        config.routes.exception(HeraldException.class, (e, ctx) -> write(ctx, e));
        // a subscription in an API body is validated like config.yaml: its message names the field at fault
        config.routes.exception(ConfigException.class, (e, ctx) -> write(ctx, HeraldException.invalid(e.getMessage())));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> write(ctx, fromJavalin(e)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            log.error("request_failed method={} path={}", ctx.method(), ctx.path(), e);
            write(ctx, new HeraldException(500, "internal", "internal error"));
        });
        config.routes.error(404, ctx -> {
            if (!isJsonError(ctx)) write(ctx, HeraldException.notFound("route " + ctx.method() + " " + ctx.path()));
        });
        config.routes.error(405, ctx -> {
            if (!isJsonError(ctx)) write(ctx, new HeraldException(405, "method_not_allowed",
                    ctx.method() + " is not allowed on " + ctx.path()));
        });
    }

    private static boolean isJsonError(Context ctx) {
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
        return new HeraldException(status, CODES.getOrDefault(status, "invalid_request"), message);
    }

    public static void write(Context ctx, HeraldException e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            ArrayNode details = err.putArray("details");
            e.details().forEach(d -> details.addObject().put("index", d.index()).put("message", d.message()));
        }
        ctx.status(e.status()).contentType("application/json").result(Json.bytes(root));
    }
}
