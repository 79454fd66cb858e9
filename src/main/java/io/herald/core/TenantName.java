package io.herald.core;

/**
 * A tenant is just a name (CONTRACT 8): 1..128 characters of {@code [A-Za-z0-9_.:-]}, the same alphabet as a
 * resource id. Events, subscriptions, tokens and the tenant routes all check it here, so that they agree.
 */
public final class TenantName {
    public static final int MAX = 128;
    public static final String RULE = "1..128 chars of [A-Za-z0-9_.:-]";

    private TenantName() {}

    public static boolean isValid(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '.' || c == ':' || c == '-';
            if (!ok) return false;
        }
        return true;
    }

    /** The name, or a 400 naming {@code field}. */
    public static String require(String field, String s) {
        if (!isValid(s)) throw HeraldException.invalid(field + " must be " + RULE);
        return s;
    }
}
