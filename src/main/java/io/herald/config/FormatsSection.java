package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.format.FormatConfig;
import io.herald.format.FormatConfig.Encoding;
import io.herald.format.FormatConfig.Scheme;
import io.herald.format.FormatConfig.TimestampUnit;
import io.herald.format.FormatException;
import io.herald.format.Formats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * {@code formats:}: user-defined payload formats (CONTRACT 5.6), checked whole at load by compiling each one:
 * the grammar (placeholders, content tokens, scheme, encoding, unit) is the {@code format} package's.
 */
final class FormatsSection {
    private FormatsSection() {}

    static Map<String, FormatConfig> parse(Node formats) {
        Map<String, FormatConfig> out = new LinkedHashMap<>();
        for (String name : formats.keys()) {
            if (Formats.builtIn().contains(name)) {
                throw formats.error(formats.pathOf(name), "\"" + name + "\" is a built-in format's name");
            }
            Node f = formats.child(name);
            JsonNode body = f.raw("body");
            if (body == null || !body.isObject()) throw f.error(f.pathOf("body"), "must be a mapping (the JSON body's shape)");
            Node s = f.child("signature");
            FormatConfig format = new FormatConfig(body, signature(s));
            try {
                Formats.check(format);
            } catch (FormatException e) {
                throw f.error(f.pathOf(e.key()) + e.path(), e.getMessage());
            }
            out.put(name, format);
            f.done();
        }
        formats.done();
        return out;
    }

    private static FormatConfig.SignatureConfig signature(Node s) {
        Scheme scheme = word(s, "scheme", "hmac-sha256", Scheme::parse);
        Encoding encoding = word(s, "encoding", "base64", Encoding::parse);
        String header = s.string("header", null);
        String content = s.string("content", "{id}.{timestamp}.{body}");
        TimestampUnit unit = word(s, "timestamp-unit", "s", TimestampUnit::parse);
        FormatConfig.SignatureConfig sig = new FormatConfig.SignatureConfig(scheme, encoding, header,
                s.string("prefix", ""), content, s.string("id-header", null), s.string("timestamp-header", null), unit);
        s.done();
        return sig;
    }

    /** One of the format package's words, refused with its own "must be a or b". */
    private static <E> E word(Node s, String key, String fallback, Function<String, E> parse) {
        try {
            return parse.apply(s.string(key, fallback));
        } catch (IllegalArgumentException e) {
            throw s.error(s.pathOf(key), e.getMessage());
        }
    }
}
