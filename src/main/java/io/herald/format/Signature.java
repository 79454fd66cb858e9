package io.herald.format;

import io.herald.format.FormatConfig.Scheme;
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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /** A content token, {@code {id}}: the grammar of {@code signature.content}, here and nowhere else. */
    private static final Pattern TOKEN = Pattern.compile("\\{([^}]*)}");

    /** @throws SignatureException naming the {@code signature:} key that is wrong */
    Signature(SignatureConfig c) {
        this.c = c;
        if (c.scheme() == Scheme.HMAC_SHA256 && (c.header() == null || c.header().isBlank())) {
            throw FormatException.signature("header", "is required (the header that carries the signature)");
        }
        String p = c.content();
        Matcher m = TOKEN.matcher(p);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) content.add(p.substring(at, m.start()));
            content.add(token(m.group(1)));
            at = m.end();
        }
        if (at < p.length()) content.add(p.substring(at));
    }

    private static Token token(String name) {
        for (Token t : Token.values()) {
            if (t.name().toLowerCase(Locale.ROOT).equals(name)) return t;
        }
        throw FormatException.signature("content", "unknown token {" + name + "}; use {id} {timestamp} {body}");
    }

    String timestamp(Instant at) {
        return switch (c.timestampUnit()) {
            case MS -> Long.toString(at.toEpochMilli());
            case S -> Long.toString(at.getEpochSecond());
        };
    }

    Map<String, String> headers(String eventId, byte[] body, List<Secret> secrets, Instant at) {
        Map<String, String> h = new LinkedHashMap<>();
        String ts = timestamp(at);
        if (c.idHeader() != null) h.put(c.idHeader(), eventId);
        if (c.timestampHeader() != null) h.put(c.timestampHeader(), ts);
        if (c.scheme() == Scheme.NONE) return h;
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
        if (c.scheme() != Scheme.NONE) names.add(c.header());
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
        return switch (c.encoding()) {
            case HEX -> HexFormat.of().formatHex(mac);
            case BASE64 -> Base64.getEncoder().encodeToString(mac);
        };
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
