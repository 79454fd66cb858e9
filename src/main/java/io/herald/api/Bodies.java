package io.herald.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.javalin.http.Context;
import java.io.IOException;
import java.util.Locale;

/** Reading request bodies: the content types CONTRACT 3.1 accepts, then strict JSON. */
final class Bodies {
    private Bodies() {}

    static JsonNode json(Context ctx) {
        return json(ctx, -1);
    }

    /** @param maxBody server.max-body, for an exact-size read of a body with a Content-Length; -1: Javalin reads */
    static JsonNode json(Context ctx, long maxBody) {
        checkContentType(ctx.header("Content-Type"));
        byte[] bytes = bytes(ctx, maxBody);
        if (bytes.length == 0) throw HeraldException.invalidJson("the request body is empty; send a JSON object");
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HeraldException.invalidJson("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HeraldException.invalidJson("unreadable body");
        }
    }

    /**
     * The body read to its exact size when its length is known and allowed. Javalin's bodyAsBytes copies through
     * 8 KB buffers: at 1,000 posts/s that was a third of all the bytes Herald allocated. Anything else (no
     * Content-Length, or more than max-body) goes to Javalin, which enforces the limit with a 413.
     */
    private static byte[] bytes(Context ctx, long maxBody) {
        long length = ctx.req().getContentLengthLong();
        if (maxBody < 0 || length < 0 || length > maxBody) return ctx.bodyAsBytes();
        byte[] bytes = new byte[(int) length];
        try {
            int n = ctx.req().getInputStream().readNBytes(bytes, 0, bytes.length);
            if (n < bytes.length) throw HeraldException.invalidJson("the body is shorter than its Content-Length");
        } catch (IOException e) {
            throw HeraldException.invalidJson("unreadable body");
        }
        return bytes;
    }

    /** No type, JSON with any charset, or the form type `curl -d` sends by default; anything else is a 415. */
    static void checkContentType(String header) {
        if (header == null || header.isBlank()) return;
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.equals("application/x-www-form-urlencoded")) return;
        throw new HeraldException(415, "unsupported_media_type", "Content-Type " + type + " is not supported; send application/json");
    }
}
