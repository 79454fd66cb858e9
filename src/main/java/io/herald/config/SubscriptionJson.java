package io.herald.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.Json;
import io.herald.format.Formats;
import java.time.Duration;

/**
 * A subscription in the API's JSON (CONTRACT 4.2: the camelCase of the YAML keys). Reading goes through the same
 * validation as config.yaml, so the two can never disagree on what a valid subscription is.
 */
public final class SubscriptionJson {
    private SubscriptionJson() {}

    /**
     * @param formats every format by name, to check the subscription's; null reads a stored subscription (see
     *        {@link SubscriptionsSection#parseOne})
     * @throws ConfigException naming the field at fault, e.g. {@code url: "ftp://x" must be an http or https url}
     */
    public static SubscriptionConfig read(JsonNode body, DeliveryConfig delivery, Formats formats) {
        if (body == null || !body.isObject()) throw new ConfigException("the body must be a JSON object");
        return SubscriptionsSection.parseOne(Node.ofJson(body), delivery, formats, false);
    }

    /** The subscription's own keys (overrides only when set); the secret only when asked for. */
    public static ObjectNode write(SubscriptionConfig c, boolean withSecret) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("id", c.id());
        n.put("url", c.url());
        if (withSecret && c.secret() != null) n.put("secret", c.secret());
        c.events().forEach(n.putArray("events")::add);
        n.put("format", c.format());
        ObjectNode headers = n.putObject("headers");
        c.headers().forEach(headers::put);
        n.put("enabled", c.enabled());
        if (c.timeout() != null) n.put("timeout", Durations.format(c.timeout()));
        if (c.retrySchedule() != null) {
            var list = n.putArray("retrySchedule");
            for (Duration d : c.retrySchedule()) list.add(Durations.format(d));
        }
        if (c.disableAfter() != null) {
            ObjectNode da = n.putObject("disableAfter");
            da.put("failures", c.disableAfter().failures());
            da.put("period", Durations.format(c.disableAfter().period()));
        }
        if (!c.livemode()) n.put("livemode", false);
        if (c.tenant() != null) n.put("tenant", c.tenant());
        if (c.ordered()) n.put("ordered", true);
        return n;
    }
}
