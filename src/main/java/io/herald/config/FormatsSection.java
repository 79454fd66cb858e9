package io.herald.config;

import io.herald.format.FormatConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.herald.format.Formats;
import io.herald.format.TemplateException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code formats:}: user-defined payload formats (CONTRACT 5.6), checked whole at load. */
final class FormatsSection {
    private static final Pattern CONTENT_TOKEN = Pattern.compile("\\{([^}]*)}");
    private static final Set<String> CONTENT_TOKENS = Set.of("id", "timestamp", "body");

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
            try {
                Formats.checkBody(body);
            } catch (TemplateException e) {
                throw f.error(f.pathOf("body") + e.path(), e.getMessage());
            }
            out.put(name, new FormatConfig(body, signature(f.child("signature"))));
            f.done();
        }
        formats.done();
        return out;
    }

    private static FormatConfig.SignatureConfig signature(Node s) {
        String scheme = s.string("scheme", "hmac-sha256");
        if (!scheme.equals("hmac-sha256") && !scheme.equals("none")) throw s.error(s.pathOf("scheme"), "must be hmac-sha256 or none");
        String encoding = s.string("encoding", "base64");
        if (!encoding.equals("hex") && !encoding.equals("base64")) throw s.error(s.pathOf("encoding"), "must be hex or base64");
        String header = s.string("header", null);
        if (scheme.equals("hmac-sha256") && (header == null || header.isBlank())) {
            throw s.error(s.pathOf("header"), "is required (the header that carries the signature)");
        }
        String content = s.string("content", "{id}.{timestamp}.{body}");
        Matcher m = CONTENT_TOKEN.matcher(content);
        while (m.find()) {
            if (!CONTENT_TOKENS.contains(m.group(1))) {
                throw s.error(s.pathOf("content"), "unknown token {" + m.group(1) + "}; use {id} {timestamp} {body}");
            }
        }
        String unit = s.string("timestamp-unit", "s");
        if (!unit.equals("s") && !unit.equals("ms")) throw s.error(s.pathOf("timestamp-unit"), "must be s or ms");
        FormatConfig.SignatureConfig sig = new FormatConfig.SignatureConfig(scheme, encoding, header,
                s.string("prefix", ""), content, s.string("id-header", null), s.string("timestamp-header", null), unit);
        s.done();
        return sig;
    }
}
