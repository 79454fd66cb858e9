package io.herald.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.herald.format.FormatConfig.Encoding;
import io.herald.format.FormatConfig.Scheme;
import io.herald.format.FormatConfig.SignatureConfig;
import io.herald.format.FormatConfig.TimestampUnit;
import io.herald.core.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The built-in formats (CONTRACT 5.1 to 5.5 and 5.7), written as data for the same mechanism users' formats use.
 * {@code {{livemode}}} is a built-in-only placeholder fed by the subscription's {@code livemode}.
 */
final class BuiltInFormats {
    private BuiltInFormats() {}

    static Map<String, FormatConfig> all() {
        Map<String, FormatConfig> m = new LinkedHashMap<>();
        String standardBody = """
                {"type": "{{type}}", "timestamp": "{{createdAt}}", "data": "{{data}}",
                 "resource": "{{resource?}}", "previous": "{{previous?}}"}""";
        m.put("standard-webhooks", format(standardBody, standardSigned("webhook")));
        m.put("svix", format(standardBody, standardSigned("svix")));
        m.put("aninix", format("""
                {"id": "{{id}}", "entity": "event", "apiVersion": "1", "livemode": "{{livemode}}",
                 "createdAt": "{{createdAt}}", "type": "{{type}}", "previous": "{{previous}}", "current": "{{data}}"}""",
                standardSigned("webhook")));
        m.put("editframe", format("""
                {"topic": "{{type}}", "data": "{{data}}"}""",
                new SignatureConfig(Scheme.HMAC_SHA256, Encoding.HEX, "X-Webhook-Signature", "", "{body}", null, null,
                        TimestampUnit.S)));
        m.put("elai", format("""
                {"event": "{{type}}", "error": "{{data.error}}", "video": "{{data}}"}""",
                new SignatureConfig(Scheme.HMAC_SHA256, Encoding.HEX, "Elai-Signature", "", "{timestamp}.{body}",
                        "Delivery-ID", "Elai-Timestamp", TimestampUnit.MS)));
        // AIOZ Stream's flat body; its documentation names no signature scheme, so it is signed as 5.1
        m.put("aioz", format("""
                {"type": "{{type}}", "emitted_at": "{{createdAt}}", "...": "{{data}}"}""", standardSigned("webhook")));
        return m;
    }

    private static SignatureConfig standardSigned(String prefix) {
        return new SignatureConfig(Scheme.HMAC_SHA256, Encoding.BASE64, prefix + "-signature", "v1,",
                "{id}.{timestamp}.{body}", prefix + "-id", prefix + "-timestamp", TimestampUnit.S);
    }

    private static FormatConfig format(String body, SignatureConfig signature) {
        try {
            return new FormatConfig(Json.MAPPER.readTree(body), signature);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("bad built-in format", e);
        }
    }
}
