package io.herald.core;

import java.time.Instant;

/**
 * Who is asking, resolved once per request: the operator (an api key: sees everything) or one tenant (a tenant
 * token: sees only its own, until the token expires). Lookups that reach data take a Caller, so that a route
 * cannot hand a tenant something that is not its own.
 *
 * @param tenant null for the operator
 * @param expiresAt when the caller's token expires; null for an api key
 */
public record Caller(String tenant, Instant expiresAt) {
    public static final Caller OPERATOR = new Caller(null, null);

    public static Caller tenant(String tenant, Instant expiresAt) {
        if (!TenantName.isValid(tenant)) throw new IllegalArgumentException("not a tenant name");
        return new Caller(tenant, expiresAt);
    }

    public boolean isOperator() {
        return tenant == null;
    }

    /** True when a thing owned by {@code owner} (null: the operator's) is this caller's to see. */
    public boolean owns(String owner) {
        return tenant == null || tenant.equals(owner);
    }

    @Override
    public String toString() {
        return tenant == null ? "operator" : "tenant:" + tenant;
    }
}
