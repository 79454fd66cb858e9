package io.herald.delivery.format;
/** STUB */
public record Secret(String value) { public byte[] key() { return java.util.Base64.getDecoder().decode(value.substring(6)); } public static Secret parse(String s) { return new Secret(s); } }
