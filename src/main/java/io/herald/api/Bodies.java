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
        checkContentType(ctx.header("Content-Type"));
        byte[] bytes = ctx.bodyAsBytes();
        if (bytes.length == 0) throw HeraldException.invalidJson("the request body is empty; send a JSON object");
        try {
            return Json.MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw HeraldException.invalidJson("malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw HeraldException.invalidJson("unreadable body");
        }
    }

    /** No type, JSON with any charset, or the form type `curl -d` sends by default; anything else is a 415. */
    static void checkContentType(String header) {
        if (header == null || header.isBlank()) return;
        String type = header.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || type.equals("application/x-www-form-urlencoded")) return;
        throw new HeraldException(415, "unsupported_media_type", "Content-Type " + type + " is not supported; send application/json");
    }
}
