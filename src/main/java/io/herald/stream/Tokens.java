package io.herald.stream;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.exceptions.JWTVerificationException;
import com.auth0.jwt.interfaces.DecodedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.Supplier;

/**
 * Stream tokens: JWTs signed HS256 with the UTF-8 bytes of {@code auth.token-secret}, claims {@code exp} and
 * {@code resources}, so that any backend holding the secret can mint them too. The verifier pins HS256 and the
 * key: a token with {@code alg: none} or signed with another key is refused.
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
        Instant exp = clock.instant().plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        String token = JWT.create().withExpiresAt(exp).withClaim("resources", resources).sign(algorithm());
        return new Minted(token, exp);
    }

    /**
     * The grant a token carries, or null when it is bad, foreign or expired, or names in {@code crit} an extension
     * it must be understood with: RFC 7515 4.1.11 says refuse, and Herald understands none.
     */
    Grant verify(String token) {
        if (!enabled()) return null;
        try {
            DecodedJWT jwt = ((com.auth0.jwt.JWTVerifier.BaseVerification) JWT.require(algorithm()).withClaimPresence("exp"))
                    .build(clock).verify(token);
            if (!jwt.getHeaderClaim("crit").isMissing()) return null;
            List<String> resources = jwt.getClaim("resources").asList(String.class);
            return resources == null ? null : new Grant(resources, jwt.getExpiresAtAsInstant());
        } catch (JWTVerificationException | IllegalArgumentException e) {
            return null;
        }
    }

    private Algorithm algorithm() {
        return Algorithm.HMAC256(secret.get().getBytes(StandardCharsets.UTF_8));
    }
}
