package io.herald.format;

import io.herald.format.FormatConfig.SignatureConfig;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How a format signs (CONTRACT 5.6): HMAC-SHA256 over the {@code content} pattern, where {@code {body}} is the
 * exact bytes sent; one signature per valid secret (several during a rotation), space-separated, each with the
 * prefix.
 */
final class Signature {
    private final SignatureConfig c;
    private final List<Object> content = new ArrayList<>();

    private enum Token { ID, TIMESTAMP, BODY }

    Signature(SignatureConfig c) {
        this.c = c;
        String p = c.content();
        int at = 0;
        while (at < p.length()) {
            int open = p.indexOf('{', at);
            if (open < 0) {
                content.add(p.substring(at));
                break;
            }
            int close = p.indexOf('}', open);
            if (open > at) content.add(p.substring(at, open));
            content.add(Token.valueOf(p.substring(open + 1, close).toUpperCase(java.util.Locale.ROOT)));
            at = close + 1;
        }
    }

    String timestamp(Instant at) {
        return c.timestampUnit().equals("ms") ? Long.toString(at.toEpochMilli()) : Long.toString(at.getEpochSecond());
    }

    Map<String, String> headers(String eventId, byte[] body, List<Secret> secrets, Instant at) {
        Map<String, String> h = new LinkedHashMap<>();
        String ts = timestamp(at);
        if (c.idHeader() != null) h.put(c.idHeader(), eventId);
        if (c.timestampHeader() != null) h.put(c.timestampHeader(), ts);
        if (c.scheme().equals("none")) return h;
        byte[] signed = signedBytes(eventId, ts, body);
        StringBuilder sigs = new StringBuilder();
        for (Secret s : secrets) {
            if (sigs.length() > 0) sigs.append(' ');
            sigs.append(c.prefix()).append(encode(hmac(s.key(), signed)));
        }
        h.put(c.header(), sigs.toString());
        return h;
    }

    /** The headers {@link #headers} can send. */
    Set<String> headerNames() {
        Set<String> names = new LinkedHashSet<>();
        if (c.idHeader() != null) names.add(c.idHeader());
        if (c.timestampHeader() != null) names.add(c.timestampHeader());
        if (!c.scheme().equals("none")) names.add(c.header());
        return names;
    }

    byte[] signedBytes(String eventId, String ts, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(body.length + 64);
        for (Object part : content) {
            if (part == Token.BODY) out.writeBytes(body);
            else if (part == Token.ID) out.writeBytes(eventId.getBytes(StandardCharsets.UTF_8));
            else if (part == Token.TIMESTAMP) out.writeBytes(ts.getBytes(StandardCharsets.UTF_8));
            else out.writeBytes(((String) part).getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    String encode(byte[] mac) {
        return c.encoding().equals("hex") ? HexFormat.of().formatHex(mac) : Base64.getEncoder().encodeToString(mac);
    }

    SignatureConfig config() {
        return c;
    }

    /** Mac.getInstance is a provider lookup each time: one instance per thread, keyed anew for each signature */
    private static final ThreadLocal<Mac> MAC = ThreadLocal.withInitial(() -> {
        try {
            return Mac.getInstance("HmacSHA256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    });

    static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = MAC.get();
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
