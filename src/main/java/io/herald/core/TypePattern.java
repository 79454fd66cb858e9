package io.herald.core;

import java.util.List;
import java.util.regex.Pattern;

/**
 * An event-type pattern: dot-separated segments where {@code *} matches one or more whole segments
 * ({@code render.*} matches {@code render.done} and {@code render.job.done}, not {@code render}).
 * Herald's own {@code herald.*} types match only patterns that start with the literal segment {@code herald}.
 */
public final class TypePattern {
    private static final Pattern VALID = Pattern.compile("(\\*|[A-Za-z0-9_-]+)(\\.(\\*|[A-Za-z0-9_-]+))*");

    private final String text;
    /** null for a literal pattern (no {@code *}) and for {@code *} alone, which need no regex */
    private final Pattern regex;
    private final boolean namesHerald;

    private TypePattern(String text) {
        this.text = text;
        String[] segments = text.split("\\.", -1);
        this.namesHerald = segments[0].equals("herald");
        // most subscriptions name "*" or exact types: a compiled regex for each was ~0.8 KB of heap apiece, half
        // of what a subscription holds (20,000 tenant subscriptions: 16 MB), and slower than a string comparison
        if (text.equals("*") || !text.contains("*")) {
            this.regex = null;
            return;
        }
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < segments.length; i++) {
            if (i > 0) re.append("\\.");
            re.append(segments[i].equals("*") ? "[^.]+(?:\\.[^.]+)*" : Pattern.quote(segments[i]));
        }
        this.regex = Pattern.compile(re.toString());
    }

    public static boolean isValid(String text) {
        return text != null && text.length() <= 128 && VALID.matcher(text).matches();
    }

    public static TypePattern of(String text) {
        if (!isValid(text)) throw new IllegalArgumentException("bad event pattern \"" + text + "\"");
        return new TypePattern(text);
    }

    /** @param type a valid event type (dot-separated, non-empty segments) */
    public boolean matches(String type) {
        if (type.startsWith("herald.") && !namesHerald) return false;
        if (regex != null) return regex.matcher(type).matches();
        return text.equals("*") || text.equals(type); // "*" is one or more whole segments: any valid type
    }

    public static boolean anyMatches(List<TypePattern> patterns, String type) {
        for (TypePattern p : patterns) if (p.matches(type)) return true;
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
