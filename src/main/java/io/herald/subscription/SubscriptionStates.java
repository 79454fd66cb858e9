package io.herald.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.core.AtomicFile;
import io.herald.core.Json;
import io.herald.core.StateException;
import io.herald.core.StateFile;
import io.herald.core.Timestamps;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Herald and operators decided about subscriptions, beside what config.yaml or the API says: disabled (and
 * why) or enabled against the file's {@code enabled: false}, when the failure count was last reset, and when
 * Herald first saw a config-file subscription (the start of its disable-after period). Kept under storage.dir
 * so that it survives restarts and reloads; written whole with {@link AtomicFile}.
 */
public final class SubscriptionStates {
    /** The override that says "enabled", whatever the subscription's own {@code enabled} says. */
    static final String ENABLED = "enabled";

    private final Path file;
    private final Map<String, State> states = new TreeMap<>();

    private record State(String override, Instant resetAt, Instant firstSeen) {
        State with(String o) {
            return new State(o, resetAt, firstSeen);
        }
    }

    /** What a user can do about a damaged file: it cannot be rebuilt, so Herald never starts over it. */
    private static final String REMEDY = "; it holds the enable/disable decisions made about subscriptions, which"
            + " Herald cannot rebuild: restore it from a backup, or move it away to start with every subscription"
            + " enabled or not as config.yaml and the API say";

    /**
     * Loads the file; none is a fresh start.
     * @throws StateException when the file is there but cannot be read whole
     */
    public SubscriptionStates(Path file) {
        this.file = file;
        try {
            ObjectNode root = StateFile.readObject(file);
            if (root != null) load(root);
        } catch (StateFile.Damaged e) {
            throw new StateException(file, e.getMessage() + REMEDY);
        }
    }

    private void load(ObjectNode root) throws StateFile.Damaged {
        if (root.isEmpty()) throw new StateFile.Damaged("the file holds an empty object, not subscription states");
        try {
            if (!root.has("subscriptions")) { // the first format: a map of id to disabled reason
                for (Map.Entry<String, JsonNode> e : root.properties()) {
                    if (!e.getValue().isTextual()) throw new StateFile.Damaged("\"" + e.getKey() + "\" is not a reason");
                    states.put(e.getKey(), new State(e.getValue().asText(), null, null));
                }
                return;
            }
            JsonNode subs = root.get("subscriptions");
            if (!subs.isObject()) throw new StateFile.Damaged("\"subscriptions\" is not an object");
            for (Map.Entry<String, JsonNode> e : subs.properties()) {
                JsonNode n = e.getValue();
                states.put(e.getKey(), new State(n.hasNonNull("override") ? n.get("override").asText() : null,
                        instant(n, "resetAt"), instant(n, "firstSeen")));
            }
        } catch (RuntimeException e) { // a timestamp that does not parse says what it is
            throw new StateFile.Damaged("a subscription's state cannot be read: " + e.getMessage());
        }
    }

    private static Instant instant(JsonNode n, String field) {
        return n.hasNonNull(field) ? Timestamps.parse(n.get(field).asText()) : null;
    }

    /** A disabled reason, {@link #ENABLED}, or null when the subscription's own {@code enabled} holds. */
    public synchronized String override(String id) {
        State s = states.get(id);
        return s == null ? null : s.override;
    }

    public synchronized Instant resetAt(String id) {
        State s = states.get(id);
        return s == null ? null : s.resetAt;
    }

    synchronized void setOverride(String id, String override) {
        State s = states.getOrDefault(id, new State(null, null, null));
        if (java.util.Objects.equals(s.override, override)) return;
        states.put(id, s.with(override));
        save();
    }

    /** Enabling starts the failure count again from zero. */
    synchronized void reset(String id, Instant at) {
        State s = states.getOrDefault(id, new State(null, null, null));
        states.put(id, new State(s.override, at, s.firstSeen));
        save();
    }

    /** When Herald first saw the subscription, recording now if it never did. */
    synchronized Instant firstSeen(String id, Instant now) {
        State s = states.get(id);
        if (s != null && s.firstSeen != null) return s.firstSeen;
        states.put(id, s == null ? new State(null, null, now) : new State(s.override, s.resetAt, now));
        save();
        return now;
    }

    synchronized void forget(String id) {
        if (states.remove(id) != null) save();
    }

    private void save() {
        ObjectNode root = Json.MAPPER.createObjectNode();
        ObjectNode subs = root.putObject("subscriptions");
        states.forEach((id, s) -> {
            ObjectNode n = subs.putObject(id);
            if (s.override != null) n.put("override", s.override);
            if (s.resetAt != null) n.put("resetAt", Timestamps.format(s.resetAt));
            if (s.firstSeen != null) n.put("firstSeen", Timestamps.format(s.firstSeen));
        });
        try {
            AtomicFile.write(file, Json.bytes(root));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
