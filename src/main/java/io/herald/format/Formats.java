package io.herald.format;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Every format by name: the built-ins and config.yaml's own, compiled once per config. */
public final class Formats {
    private static final Map<String, FormatConfig> BUILT_IN = BuiltInFormats.all();
    private final Map<String, WebhookFormat> byName;

    private Formats(Map<String, WebhookFormat> byName) {
        this.byName = byName;
    }

    public static Formats of(Map<String, FormatConfig> userFormats) {
        Map<String, WebhookFormat> m = new LinkedHashMap<>();
        BUILT_IN.forEach((name, c) -> m.put(name, new WebhookFormat(name, c, true)));
        userFormats.forEach((name, c) -> m.put(name, new WebhookFormat(name, c, false)));
        return new Formats(Map.copyOf(m));
    }

    /**
     * Compiles a user format as Herald will use it, which is how config validates one: the placeholder and
     * content-token grammar lives in this package only.
     *
     * @throws FormatException naming the key and the place in it that is wrong
     */
    public static void check(FormatConfig format) {
        new WebhookFormat("check", format, false);
    }

    public WebhookFormat get(String name) {
        WebhookFormat f = byName.get(name);
        if (f == null) throw new IllegalArgumentException("unknown format \"" + name + "\"");
        return f;
    }

    /** The format, or null when there is none of that name. */
    public WebhookFormat find(String name) {
        return byName.get(name);
    }

    public boolean has(String name) {
        return byName.containsKey(name);
    }

    public static Set<String> builtIn() {
        return BUILT_IN.keySet();
    }
}
