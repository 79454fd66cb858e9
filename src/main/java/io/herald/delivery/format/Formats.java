package io.herald.delivery.format;
import io.herald.config.FormatConfig; import java.util.Map;
/** STUB */
public final class Formats { public static Formats of(Map<String, FormatConfig> m) { return new Formats(); } public WebhookFormat get(String name) { return new WebhookFormat(name.equals("svix") ? "svix-" : "webhook-"); } }
