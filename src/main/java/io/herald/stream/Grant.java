package io.herald.stream;

import java.time.Instant;
import java.util.List;

/**
 * What a stream token allows: resource patterns {@code type/id}, where {@code *} stands for any id (or any
 * type), until {@code expiresAt}. An api key grants everything with no end.
 */
record Grant(List<String> resources, Instant expiresAt) {
    static Grant everything() {
        return new Grant(List.of("*/*"), null);
    }

    boolean covers(String type, String id) {
        for (String p : resources) {
            int slash = p.indexOf('/');
            if (slash < 0) continue;
            String t = p.substring(0, slash);
            String i = p.substring(slash + 1);
            if ((t.equals("*") || t.equals(type)) && (i.equals("*") || i.equals(id))) return true;
        }
        return false;
    }
}
