package io.herald.config;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Sizes as config.yaml writes them: {@code 100B}, {@code 512KB}, {@code 1MB}, {@code 1GB} (1KB = 1024 bytes). */
public final class Sizes {
    private static final Pattern FORM = Pattern.compile("(\\d{1,12})(B|KB|MB|GB)");

    private Sizes() {}

    public static long parse(String text) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches()) throw new IllegalArgumentException("\"" + text + "\" is not a size like 512KB or 1MB");
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "B" -> n;
            case "KB" -> n << 10;
            case "MB" -> n << 20;
            default -> n << 30;
        };
    }
}
