package io.herald.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.Claim;
import com.auth0.jwt.interfaces.DecodedJWT;
import io.herald.core.TenantName;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Tokens: JWTs signed HS256 with the UTF-8 bytes of {@code auth.token-secret}, claims {@code exp} and
 * {@code resources} (streams, CONTRACT 6) and/or {@code tenant} (a tenant's management API, CONTRACT 8), so that
 * any backend holding the secret can mint them too. The verifier pins HS256 and the key: a token with
 * {@code alg: none} or signed with another key is refused, and so is one whose tenant is not a tenant name.
 */
public final class Tokens {
    private final Supplier<String> secret;
    private final Clock clock;

    public Tokens(Supplier<String> secret, Clock clock) {
        this.secret = secret;
        this.clock = clock;
    }

    public record Minted(String token, Instant expiresAt) {}

    public boolean enabled() {
        return secret.get() != null;
    }

    public Minted mint(List<String> resources, Duration ttl) {
        return mint(null, resources, ttl);
    }

    /** @param tenant null for a stream token; @param resources null or empty for a tenant token without streams */
    public Minted mint(String tenant, List<String> resources, Duration ttl) {
        // exp is in whole seconds: rounded up, so that a token lives at least its ttl (rounded down, a 1s token
        // could be expired before its first use)
        Instant end = clock.instant().plus(ttl);
        Instant exp = end.truncatedTo(ChronoUnit.SECONDS);
        if (exp.isBefore(end)) exp = exp.plusSeconds(1);
        com.auth0.jwt.JWTCreator.Builder b = JWT.create().withExpiresAt(exp);
        if (tenant != null) b.withClaim("tenant", tenant);
        if (resources != null && !resources.isEmpty()) b.withClaim("resources", resources);
        return new Minted(b.sign(algorithm()), exp);
    }

    /**
     * The grant a token carries, or null when it is bad, foreign or expired, names no resources and no tenant, has
     * a {@code tenant} claim that is not a tenant name, or names in {@code crit} an extension it must be understood
     * with: RFC 7515 4.1.11 says refuse, and Herald understands none.
     */
    public Grant verify(String token) {
        if (!enabled()) return null;
        try {
            DecodedJWT jwt = ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithm()).withClaimPresence("exp"))
                    .build(clock).verify(token);
            if (!jwt.getHeaderClaim("crit").isMissing()) return null;
            Claim tenantClaim = jwt.getClaim("tenant");
            String tenant = null;
            if (!tenantClaim.isMissing()) {
                tenant = tenantClaim.asString(); // null when the claim is not a string
                if (!TenantName.isValid(tenant)) return null;
            }
            Claim resourcesClaim = jwt.getClaim("resources");
            List<String> resources = resourcesClaim.isMissing() ? null : resourcesClaim.asList(String.class);
            if (resources == null && (tenant == null || !resourcesClaim.isMissing())) return null;
            return new Grant(resources == null ? List.of() : resources, jwt.getExpiresAtAsInstant(), tenant);
        } catch (JWTVerificationException | IllegalArgumentException | NullPointerException e) {
            return null; // NullPointerException: a resources list holding null
        }
    }

    private Algorithm algorithm() {
        return Algorithm.HMAC256(secret.get().getBytes(StandardCharsets.UTF_8));
    }
}
