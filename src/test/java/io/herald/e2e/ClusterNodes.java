package io.herald.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import io.herald.testing.Http;
import io.herald.testing.TestReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Three Herald nodes (the built jar, as child processes) in cluster mode on one Kafka broker, with one real
 * webhook receiver, and what the delivery tests read of them: who owns which partitions (from their logs), the
 * ownership story a failure prints, and each node's delivery log.
 */
final class ClusterNodes implements AutoCloseable {
    private static final Pattern OWNED = Pattern.compile("delivery_partitions_(?:gained|revoked|lost) .*owned=\\[([0-9, ]*)]");

    final List<HeraldProcess> nodes = new ArrayList<>();
    final TestReceiver receiver;

    ClusterNodes(Path dir, String bootstrapServers) throws Exception {
        receiver = new TestReceiver();
        for (String name : List.of("a", "b", "c")) {
            nodes.add(HeraldProcess.clusterNode(dir.resolve(name), bootstrapServers, "herald", "").start());
        }
    }

    Http http(int node) {
        return new Http(nodes.get(node).base(), HeraldProcess.API_KEY);
    }

    /** The partitions each node's log last said it owns. */
    List<TreeSet<Integer>> owned() {
        List<TreeSet<Integer>> out = new ArrayList<>();
        for (HeraldProcess n : nodes) {
            TreeSet<Integer> last = new TreeSet<>();
            for (String line : lines(n)) {
                Matcher m = OWNED.matcher(line);
                if (!m.find()) continue;
                last = new TreeSet<>();
                for (String p : m.group(1).split(",\\s*")) if (!p.isBlank()) last.add(Integer.parseInt(p.trim()));
            }
            out.add(last);
        }
        return out;
    }

    static List<String> lines(HeraldProcess n) {
        try {
            return Files.readAllLines(n.log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How many lines of the node's log (kept across restarts) contain the text. */
    long count(int node, String text) {
        return lines(nodes.get(node)).stream().filter(l -> l.contains(text)).count();
    }

    /** What each node's log says of ownership and resumption: the story a failure needs. */
    String ownershipLines() {
        StringBuilder b = new StringBuilder();
        for (HeraldProcess n : nodes) {
            b.append("-- ").append(n.base()).append('\n');
            lines(n).stream().filter(l -> l.contains("delivery_partitions") || l.contains("lane_") || l.contains("dispatcher_started")
                    || l.contains("delivery_log_write_failed") || l.contains("delivery_resume") || l.contains("delivery_release"))
                    .forEach(l -> b.append(l).append('\n'));
        }
        return b.toString();
    }

    /** Each delivery of the subscription in one node's log, by event id: its status, then each attempt's status code. */
    Map<String, String> deliveryLog(int node, String sub) {
        JsonNode list = http(node).get("/api/v1/subscriptions/" + sub + "/deliveries?limit=1000").json().get("deliveries");
        Map<String, String> out = new HashMap<>();
        for (JsonNode d : list) {
            StringBuilder v = new StringBuilder(d.get("status").asText());
            for (JsonNode a : d.get("attempts")) v.append(' ').append(a.get("statusCode").isNull() ? "-" : a.get("statusCode").asText());
            out.put(d.get("eventId").asText(), v.toString());
        }
        return out;
    }

    @Override
    public void close() throws Exception {
        for (HeraldProcess n : nodes) n.close();
        receiver.close();
    }
}
