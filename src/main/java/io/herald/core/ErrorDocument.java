package io.herald.core;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;

/**
 * A {@link HeraldException} as the contract's error document, {@code {"error": {"code", "message"}}} (CONTRACT 7).
 * The API's one error mapping ({@code api/Errors}) and the answers written on Jetty directly (its own refusals,
 * streams) all write this.
 */
public final class ErrorDocument {
    private ErrorDocument() {}

    /** The document without a final newline (Javalin's answers get theirs appended after the route). */
    public static byte[] json(HeraldException e) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", e.code());
        err.put("message", e.getMessage());
        if (!e.details().isEmpty()) {
            ArrayNode details = err.putArray("details");
            e.details().forEach(d -> details.addObject().put("index", d.index()).put("message", d.message()));
        }
        return Json.bytes(root);
    }

    /** The document with its final newline: `curl` then leaves the shell prompt on its own line. */
    public static byte[] answer(HeraldException e) {
        byte[] doc = json(e);
        byte[] out = Arrays.copyOf(doc, doc.length + 1);
        out[doc.length] = '\n';
        return out;
    }
}
