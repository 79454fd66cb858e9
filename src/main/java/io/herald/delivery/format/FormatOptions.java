package io.herald.delivery.format;
public record FormatOptions(boolean livemode) {}
