package io.herald.format;

/**
 * A format that does not compile. {@link #key()} is the format's key that is wrong ({@code body} or
 * {@code signature}), {@link #path()} where inside it ({@code .kind}, {@code [0]}, {@code .content}).
 */
public final class FormatException extends IllegalArgumentException {
    private final String key;
    private final String path;

    FormatException(String key, String path, String problem) {
        super(problem);
        this.key = key;
        this.path = path;
    }

    /** In a body template. */
    static FormatException body(String path, String problem) {
        return new FormatException("body", path, problem);
    }

    /** In the signature: {@code signatureKey} is its key ({@code content}, {@code header}). */
    static FormatException signature(String signatureKey, String problem) {
        return new FormatException("signature", "." + signatureKey, problem);
    }

    public String key() {
        return key;
    }

    public String path() {
        return path;
    }
}
