package io.herald.stream;

import io.herald.core.Caller;
import java.time.Instant;
import java.util.List;

/**
 * What a token allows: resource patterns {@code type/id}, where {@code *} stands for any id (or any type), until
 * {@code expiresAt}; and, for a tenant token (CONTRACT 8), the tenant whose management API it may use. An api
 * key grants every resource with no end and no tenant.
 *
 * @param tenant null unless the token names one
 */
public record Grant(List<String> resources, Instant expiresAt, String tenant) {
    public Grant {
        resources = List.copyOf(resources);
    }

    static Grant everything() {
        return new Grant(List.of("*/*"), null, null);
    }

    /** Whose stream a grant opens: a tenant token's is that tenant's, and sees only its events (CONTRACT 8). */
    Caller caller() {
        return tenant == null ? Caller.OPERATOR : new Caller(tenant, expiresAt);
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
