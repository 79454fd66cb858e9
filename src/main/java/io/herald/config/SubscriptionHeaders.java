package io.herald.config;

import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a subscription's {@code headers} may say (CONTRACT 4.1). Herald owns the headers that frame the request
 * ({@code Host}, {@code Content-Length}...: an override makes every delivery fail or go elsewhere) and those the
 * format signs or sends (the caller asks the format for them); names are RFC 9110 tokens, so nothing can add a
 * header line of its own; values hold no control character, so nothing can split one.
 */
final class SubscriptionHeaders {
    /** 8 KB of names and values in all: a receiver's whole header section is often capped at 8 KB. */
    static final int MAX_BYTES = 8 * 1024;
    private static final Set<String> HERALDS = Set.of("host", "content-length", "content-type", "user-agent",
            "transfer-encoding", "connection");
    /** RFC 9110 tchar, besides letters and digits. */
    private static final String TCHAR_SYMBOLS = "!#$%&'*+-.^_`|~";

    private SubscriptionHeaders() {}

    /** What is wrong: {@code header} is the name at fault, or null when it is the headers as a whole. */
    record Problem(String header, String message) {}

    /**
     * Null when the headers may be sent, else the first problem.
     *
     * @param formatHeaders what the subscription's format signs or sends, in any case
     */
    static Problem problem(Map<String, String> headers, Set<String> formatHeaders) {
        Set<String> seen = new HashSet<>();
        long bytes = 0;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            Problem p = problem(e.getKey(), e.getValue(), formatHeaders);
            if (p != null) return p;
            if (!seen.add(e.getKey().toLowerCase(Locale.ROOT))) {
                return new Problem(null, "\"" + e.getKey() + "\" is given twice");
            }
            bytes += e.getKey().length() + e.getValue().length();
        }
        if (bytes > MAX_BYTES) return new Problem(null, bytes + " bytes of names and values; at most " + MAX_BYTES);
        return null;
    }

    /** One header on its own: null when it may be sent. */
    static Problem problem(String name, String value, Set<String> formatHeaders) {
        if (!isToken(name)) {
            return new Problem(null, "\"" + name + "\" is not a header name (letters, digits and " + TCHAR_SYMBOLS + ")");
        }
        if (HERALDS.contains(name.toLowerCase(Locale.ROOT))) return new Problem(name, "Herald sets this header itself");
        for (String f : formatHeaders) {
            if (f.equalsIgnoreCase(name)) return new Problem(name, "the subscription's format sends this header");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) return new Problem(name, "the value holds a control character");
            if (c > 0xff) return new Problem(name, "the value holds '" + c + "', which an HTTP header cannot carry");
        }
        return null;
    }

    static boolean isToken(String name) {
        if (name.isEmpty()) return false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
            if (!alnum && TCHAR_SYMBOLS.indexOf(c) < 0) return false;
        }
        return true;
    }
}
