package io.herald.subscription;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.herald.config.DeliveryConfig;
import io.herald.config.SubscriptionConfig;
import io.herald.config.SubscriptionJson;
import io.herald.core.AppendLog;
import io.herald.core.HeraldException;
import io.herald.core.Json;
import io.herald.core.StateException;
import io.herald.core.StateFile;
import io.herald.core.Timestamps;
import io.herald.format.Secret;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The subscriptions made through the API, in {@code storage.dir/subscriptions.log}: one {@link AppendLog} record
 * per change ({@code put} with the whole subscription, or {@code delete}), synced before the change is
 * acknowledged, so a create costs the same with 20,000 subscriptions as with one. The log is compacted when it
 * holds more than twice the live subscriptions (and 1,000 records). A {@code subscriptions.json} from before the
 * log is read once, written as the first log, and renamed {@code subscriptions.json.migrated}.
 */
public final class SubscriptionStore implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SubscriptionStore.class);
    private static final int COMPACT_MIN_RECORDS = 1000;
    /** What a user can do about a damaged file: it cannot be rebuilt, so Herald never starts over it. */
    private static final String REMEDY = "; it holds the API subscriptions and their secrets, which Herald cannot"
            + " rebuild: restore it from a backup, or move it away to start without API subscriptions";

    private final Map<String, ApiSubscription> byId = new LinkedHashMap<>();
    private final AppendLog changes;
    private final DeliveryConfig delivery;

    /**
     * @param legacyFile storage.dir/subscriptions.json; the log lives beside it
     * @throws StateException when either file holds something Herald cannot read
     */
    public SubscriptionStore(Path legacyFile, DeliveryConfig delivery) {
        this.delivery = delivery;
        Path logFile = legacyFile.resolveSibling("subscriptions.log");
        try {
            // the log appears whole (written beside, then renamed) before the old file is set aside: a crash
            // before the rename migrates again at the next start, one after it finds the log complete
            if (!Files.exists(logFile) && Files.exists(legacyFile)) migrate(legacyFile, logFile, delivery);
        } catch (IOException e) {
            throw new StateException(logFile, "cannot write the file (" + e.getMessage() + ")");
        }
        int[] line = new int[1];
        changes = AppendLog.open(logFile, r -> {
            line[0]++;
            apply(r, logFile, line[0]);
        });
        try {
            if (Files.exists(legacyFile)) {
                Files.move(legacyFile, legacyFile.resolveSibling("subscriptions.json.migrated"),
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (needsCompaction()) compact();
        } catch (IOException e) {
            changes.close();
            throw new StateException(logFile, "cannot write the file (" + e.getMessage() + ")");
        }
    }

    private static void migrate(Path legacyFile, Path logFile, DeliveryConfig delivery) throws IOException {
        List<ApiSubscription> legacy = readLegacy(legacyFile, delivery);
        List<ObjectNode> records = new ArrayList<>(legacy.size());
        legacy.forEach(s -> records.add(putRecord(s)));
        AppendLog.create(logFile, records);
        log.info("subscriptions_migrated from={} to={} count={}", legacyFile, logFile, legacy.size());
    }

    private void apply(ObjectNode r, Path file, int line) {
        String where = "line " + line;
        try {
            switch (r.path("op").asText()) {
                case "put" -> {
                    ApiSubscription s = read(r, delivery, where);
                    byId.put(s.id(), s);
                }
                case "delete" -> byId.remove(StateFile.required(r, "id", where).asText());
                default -> throw new StateFile.Damaged(where + " has no known \"op\"");
            }
        } catch (StateFile.Damaged e) {
            throw new StateException(file, e.getMessage() + REMEDY);
        }
    }

    /**
     * The subscriptions.json of Herald before the change log.
     * @throws StateException when it is there but cannot be read whole (empty, {}, cut short, a bad entry)
     */
    private static List<ApiSubscription> readLegacy(Path file, DeliveryConfig delivery) {
        List<ApiSubscription> out = new ArrayList<>();
        try {
            ObjectNode root = StateFile.readObject(file);
            if (root == null) return out;
            JsonNode list = StateFile.required(root, "subscriptions", "the file");
            if (!list.isArray()) throw new StateFile.Damaged("\"subscriptions\" is not a list");
            for (int i = 0; i < list.size(); i++) out.add(read(list.get(i), delivery, "subscriptions[" + i + "]"));
        } catch (StateFile.Damaged e) {
            throw new StateException(file, e.getMessage() + REMEDY);
        }
        return out;
    }

    private static ApiSubscription read(JsonNode n, DeliveryConfig delivery, String where) throws StateFile.Damaged {
        try {
            SubscriptionConfig c = SubscriptionJson.read(StateFile.required(n, "subscription", where).deepCopy(), delivery,
                    null);
            List<SecretEntry> retiring = new ArrayList<>();
            for (JsonNode r : n.path("retiring")) {
                retiring.add(new SecretEntry(Secret.parse(StateFile.required(r, "secret", where + ".retiring").asText()),
                        Timestamps.parse(StateFile.required(r, "expiresAt", where + ".retiring").asText())));
            }
            return new ApiSubscription(c, retiring, Timestamps.parse(StateFile.required(n, "createdAt", where).asText()));
        } catch (RuntimeException e) { // ConfigException names the field; a bad secret or timestamp says what it is
            throw new StateFile.Damaged(where + " cannot be read: " + e.getMessage());
        }
    }

    private static ObjectNode putRecord(ApiSubscription s) {
        ObjectNode n = Json.MAPPER.createObjectNode().put("op", "put");
        n.set("subscription", SubscriptionJson.write(s.config(), true));
        ArrayNode retiring = n.putArray("retiring");
        for (SecretEntry e : s.retiring()) {
            retiring.addObject().put("secret", e.secret().reveal()).put("expiresAt", Timestamps.format(e.expiresAt()));
        }
        n.put("createdAt", Timestamps.format(s.createdAt()));
        return n;
    }

    /**
     * An API subscription as one JSON object, its secrets included: the record of this store's log, and of the
     * replicated log in cluster mode.
     */
    public static ObjectNode toJson(ApiSubscription s) {
        ObjectNode n = putRecord(s);
        n.remove("op");
        return n;
    }

    /** @throws IllegalArgumentException when {@code n} is not what {@link #toJson} writes, saying what is wrong */
    public static ApiSubscription fromJson(JsonNode n, DeliveryConfig delivery) {
        try {
            return read(n, delivery, "the subscription");
        } catch (StateFile.Damaged e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    synchronized Collection<ApiSubscription> all() {
        return List.copyOf(byId.values());
    }

    synchronized ApiSubscription get(String id) {
        return byId.get(id);
    }

    synchronized int size() {
        return byId.size();
    }

    /** Durable before memory changes: a failed write leaves memory and disk agreeing (503). */
    synchronized void put(ApiSubscription s) {
        write(List.of(putRecord(s)));
        byId.put(s.id(), s);
        maybeCompact();
    }

    synchronized void remove(String id) {
        removeAll(List.of(id));
    }

    /** Deletes several with one sync (a tenant's deletion). */
    synchronized void removeAll(Collection<String> ids) {
        List<ObjectNode> records = new ArrayList<>();
        for (String id : ids) {
            if (byId.containsKey(id)) records.add(Json.MAPPER.createObjectNode().put("op", "delete").put("id", id));
        }
        if (records.isEmpty()) return;
        write(records);
        ids.forEach(byId::remove);
        maybeCompact();
    }

    private void write(List<ObjectNode> records) {
        try {
            changes.appendAll(records);
        } catch (IOException e) {
            throw HeraldException.unavailable("cannot save the subscription: " + e.getMessage(), e);
        }
    }

    private boolean needsCompaction() {
        return changes.records() > Math.max(COMPACT_MIN_RECORDS, 2L * byId.size());
    }

    /** The change is already durable in the log; a failed compaction only leaves the log longer. */
    private void maybeCompact() {
        if (!needsCompaction()) return;
        try {
            compact();
        } catch (IOException e) {
            log.warn("subscriptions_compaction_failed reason=\"{}\"; will try again after the next change", e.getMessage());
        }
    }

    private void compact() throws IOException {
        List<ObjectNode> state = new ArrayList<>(byId.size());
        byId.values().forEach(s -> state.add(putRecord(s)));
        changes.rewrite(state);
    }

    @Override
    public synchronized void close() {
        changes.close();
    }
}
