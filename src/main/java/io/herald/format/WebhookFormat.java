package io.herald.format;

import io.herald.core.StoredEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A compiled format: render the body once per event, then sign it for each subscription and attempt. */
public final class WebhookFormat {
    private final String name;
    private final Template template;
    private final Signature signature;

    /** @param builtIn one of Herald's own formats, which may use the built-in-only placeholders */
    WebhookFormat(String name, FormatConfig config, boolean builtIn) {
        this.name = name;
        this.template = new Template(config.body(), builtIn);
        this.signature = new Signature(config.signature());
    }

    public String name() {
        return name;
    }

    public byte[] body(StoredEvent e, FormatOptions o) {
        return template.render(e, o);
    }

    /** The id, timestamp and signature headers for this attempt's exact body. */
    public Map<String, String> headers(StoredEvent e, byte[] body, List<Secret> secrets, Instant attemptTime) {
        return signature.headers(e.id(), body, secrets, attemptTime);
    }

    /** Every header this format signs or sends (the signature, id and timestamp headers), as it spells them. */
    public Set<String> headerNames() {
        return signature.headerNames();
    }

    Signature signature() {
        return signature;
    }
}
