package io.herald.format;

/** Per-subscription choices that shape a body; bodies are rendered once per event and distinct options. */
public record FormatOptions(boolean livemode) {
    public static final FormatOptions DEFAULT = new FormatOptions(true);
}
