package io.herald.format;

/** A body template that does not compile; {@link #path()} is where, inside the body ({@code .kind}, {@code [0]}). */
public final class TemplateException extends IllegalArgumentException {
    private final String path;

    TemplateException(String path, String problem) {
        super(problem);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
