package io.herald.api;

import io.herald.core.HeraldException;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code next} of a list page (CONTRACT 4.2): opaque to clients, who pass it back as {@code cursor=}. Inside,
 * the sort key of the page's last item, so the next page starts after it even if that item is gone by then.
 */
final class Cursor {
    private static final String SEPARATOR = "\n";

    private Cursor() {}

    static String encode(String... key) {
        byte[] bytes = String.join(SEPARATOR, key).getBytes(StandardCharsets.UTF_8);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** The key in the request's {@code cursor}, or null for the first page; a cursor Herald did not make is a 400. */
    static String[] of(Context ctx, int parts) {
        String text = ctx.queryParam("cursor");
        if (text == null || text.isBlank()) return null;
        try {
            String[] key = new String(Base64.getUrlDecoder().decode(text.trim()), StandardCharsets.UTF_8)
                    .split(SEPARATOR, -1);
            if (key.length == parts) return key;
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw bad();
    }

    /** The answer to a cursor that does not decode to a key of the list. */
    static HeraldException bad() {
        return HeraldException.invalid("cursor: not a cursor from this list (pass back \"next\" as it is)");
    }
}
