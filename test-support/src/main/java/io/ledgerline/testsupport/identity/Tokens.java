package io.ledgerline.testsupport.identity;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Bearer tokens for tests, signed by the JVM's {@link TestIssuer}:
 * <pre>
 * given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).post(...)
 * </pre>
 * The user name doubles as subject ({@code sub}) and {@code preferred_username}; roles go into {@code groups}.
 */
public final class Tokens {

    private Tokens() {
    }

    /** A valid token for {@code user} holding {@code roles}, for the next hour. */
    public static String of(String user, String... roles) {
        return sign(claims(TestIssuer.shared().url(), user, roles, Instant.now().plus(Duration.ofHours(1))), false);
    }

    /** Two different people may share a display name; the subject tells them apart. */
    public static String withSubject(String subject, String name, String... roles) {
        JwtClaimsBuilder claims = claims(TestIssuer.shared().url(), subject, roles, Instant.now().plus(Duration.ofHours(1)));
        claims.claim("preferred_username", name);
        return sign(claims, false);
    }

    /** A valid token for {@code user} holding {@code roles} until {@code expiresAt} (e.g. a few seconds from now). */
    public static String expiringAt(Instant expiresAt, String user, String... roles) {
        return sign(claims(TestIssuer.shared().url(), user, roles, expiresAt), false);
    }

    /** A token that expired ten minutes ago (beyond any clock skew a service allows). */
    public static String expired(String user, String... roles) {
        JwtClaimsBuilder claims = claims(TestIssuer.shared().url(), user, roles, Instant.now().minus(Duration.ofMinutes(10)));
        claims.issuedAt(Instant.now().minus(Duration.ofHours(1)));
        return sign(claims, false);
    }

    /** A well-formed token from another issuer, signed with that issuer's own key. */
    public static String fromAnotherIssuer(String user, String... roles) {
        return sign(claims(TestIssuer.shared().foreignUrl(), user, roles, Instant.now().plus(Duration.ofHours(1))), true);
    }

    /** A token from the right issuer, made out for another audience (another system's client). */
    public static String forAnotherAudience(String user, String... roles) {
        JwtClaimsBuilder claims = claims(TestIssuer.shared().url(), user, roles, Instant.now().plus(Duration.ofHours(1)));
        claims.audience("some-other-system");
        return sign(claims, false);
    }

    /** As Keycloak shapes it: roles in {@code realm_access.roles}, no {@code groups} claim. */
    public static String keycloakStyle(String user, String... roles) {
        JwtClaimsBuilder claims = Jwt.issuer(TestIssuer.shared().url()).subject(user)
                .claim("preferred_username", user).audience(TestIssuer.AUDIENCE)
                .claim("realm_access", Map.of("roles", List.of(roles)))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plus(Duration.ofHours(1)));
        return sign(claims, false);
    }

    private static JwtClaimsBuilder claims(String issuer, String user, String[] roles, Instant expiresAt) {
        return Jwt.issuer(issuer).subject(user).claim("preferred_username", user).audience(TestIssuer.AUDIENCE)
                .groups(Set.of(roles)).issuedAt(Instant.now()).expiresAt(expiresAt);
    }

    private static String sign(JwtClaimsBuilder claims, boolean foreign) {
        TestIssuer issuer = TestIssuer.shared();
        return claims.jws().keyId(TestIssuer.KEY_ID).sign(foreign ? issuer.foreignKey() : issuer.signingKey());
    }
}
