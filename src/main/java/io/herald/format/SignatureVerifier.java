package io.herald.format;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/** The receiving side of a format: does any signature in the request match this secret? Constant-time. */
public final class SignatureVerifier {
    private SignatureVerifier() {}

    /** @param headers request headers, looked up case-insensitively */
    public static boolean verify(WebhookFormat format, Map<String, String> headers, byte[] body, Secret secret) {
        Signature s = format.signature();
        if (s.config().scheme() == FormatConfig.Scheme.NONE) return true;
        String header = find(headers, s.config().header());
        if (header == null) return false;
        String id = s.config().idHeader() == null ? "" : find(headers, s.config().idHeader());
        String ts = s.config().timestampHeader() == null ? "" : find(headers, s.config().timestampHeader());
        if (id == null || ts == null) return false;
        byte[] expected = (s.config().prefix() + s.encode(Signature.hmac(secret.key(), s.signedBytes(id, ts, body))))
                .getBytes(StandardCharsets.UTF_8);
        boolean ok = false;
        for (String candidate : header.split(" ")) {
            ok |= MessageDigest.isEqual(expected, candidate.getBytes(StandardCharsets.UTF_8));
        }
        return ok;
    }

    private static String find(Map<String, String> headers, String name) {
        for (Map.Entry<String, String> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        }
        return null;
    }
}
