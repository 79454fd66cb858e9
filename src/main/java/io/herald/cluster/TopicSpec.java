package io.herald.cluster;

import java.util.Map;

/**
 * One of Herald's topics as Herald creates it: its name, its partition count and the topic configs it sets. The
 * replication factor is left to the broker's {@code default.replication.factor}: users' clusters choose it.
 */
public record TopicSpec(String name, int partitions, Map<String, String> configs) {
    public TopicSpec {
        if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1: " + partitions);
        configs = Map.copyOf(configs);
    }

    public boolean compacted() {
        return "compact".equals(configs.get("cleanup.policy"));
    }
}
