package io.ledgerline.identity;

import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

/**
 * The cache of verified tokens in a running service, with real tokens from the test issuer verified against its JWKS
 * over HTTP: the same token again is answered from the cache, and nothing about what is accepted changes. The
 * profile allows one second of clock skew (so a token can expire within a test) and keeps at most five tokens.
 */
@QuarkusTest
@TestProfile(TokenCacheTest.SmallCache.class)
@WithTestResource(TestIssuerResource.class)
class TokenCacheTest {

    public static class SmallCache implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("mp.jwt.verify.clock.skew", "1", "ledgerline.identity.token-cache.max-size", "5");
        }
    }

    @Inject
    CachedTokenIdentityProvider provider;

    @Test
    void theSameTokenAgainIsAnsweredFromTheCacheAsTheVerifierAnsweredIt() {
        String token = Tokens.withSubject("u-77", "robin", Roles.SUPERVISOR, Roles.AUDITOR);
        long hits = tokens().hits();
        long misses = tokens().misses();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/probe/me")
                    .then().statusCode(200)
                    .body("subject", equalTo("u-77"))
                    .body("name", equalTo("robin"))
                    .body("roles", containsInAnyOrder(Roles.SUPERVISOR, Roles.AUDITOR))
                    .body("rolesUsed", containsInAnyOrder(Roles.SUPERVISOR, Roles.AUDITOR));
        }
        assertThat(tokens().misses() - misses).as("verified once").isEqualTo(1);
        assertThat(tokens().hits() - hits).as("then answered from the cache").isEqualTo(2);
        // roles still decide: a cached token without the endpoint's role is refused as before
        given().auth().oauth2(token).delete("/probe/cache").then().statusCode(403).body("code", equalTo("ROLE_REQUIRED"));
    }

    @Test
    void aCachedTokenIsRefusedOnceItHasExpired() {
        // exp in 3 s, one second of skew: accepted (and cached) now, refused from about 4 s on.
        String token = Tokens.expiringAt(Instant.now().plusSeconds(3), "kim", Roles.AR_CLERK);
        given().auth().oauth2(token).get("/probe/me").then().statusCode(200);
        long hits = tokens().hits();
        given().auth().oauth2(token).get("/probe/me").then().statusCode(200);
        assertThat(tokens().hits() - hits).as("answered from the cache while valid").isEqualTo(1);

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                given().auth().oauth2(token).get("/probe/me").statusCode() == 401);
        given().auth().oauth2(token).get("/probe/me")
                .then().statusCode(401).body("code", equalTo("INVALID_TOKEN"));
    }

    @Test
    void aTokenWithABadSignatureIsRefusedEveryTimeAndNeverCached() {
        String good = Tokens.of("lee", Roles.CREDIT_MANAGER);
        String forged = withSignatureChanged(good);
        long hits = tokens().hits();
        long misses = tokens().misses();

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(forged).get("/probe/me")
                    .then().statusCode(401).body("code", equalTo("INVALID_TOKEN"));
        }
        assertThat(tokens().misses() - misses).as("verified (and refused) every time").isEqualTo(3);
        assertThat(tokens().hits() - hits).isZero();
        // and the genuine token is still fine, verified on its own
        given().auth().oauth2(good).get("/probe/me").then().statusCode(200);
    }

    @Test
    void aTokenDifferingByOneCharacterFromACachedOneIsVerified() {
        String token = Tokens.of("sam", Roles.SUPERVISOR);
        given().auth().oauth2(token).get("/probe/me").then().statusCode(200);
        given().auth().oauth2(token).get("/probe/me").then().statusCode(200);   // now cached

        for (String altered : new String[]{withPayloadCharacterChanged(token), withSignatureChanged(token),
                token.substring(0, token.length() - 1)}) {
            long hits = tokens().hits();
            long misses = tokens().misses();
            given().auth().oauth2(altered).get("/probe/me")
                    .then().statusCode(401).body("code", equalTo("INVALID_TOKEN"));
            assertThat(tokens().misses() - misses).as("went to the verifier").isEqualTo(1);
            assertThat(tokens().hits() - hits).isZero();
        }
        // an operator role written into the claims of a cached supervisor's token is not believed
        given().auth().oauth2(withRolesReplaced(token, Roles.SUPERVISOR, Roles.OPERATOR)).delete("/probe/cache")
                .then().statusCode(401);
    }

    @Test
    void issuerAndAudienceStillApplyToEveryToken() {
        given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).get("/probe/me").then().statusCode(200);
        for (String token : new String[]{Tokens.fromAnotherIssuer("sam", Roles.SUPERVISOR),
                Tokens.forAnotherAudience("sam", Roles.SUPERVISOR), Tokens.expired("sam", Roles.SUPERVISOR)}) {
            long misses = tokens().misses();
            long hits = tokens().hits();
            for (int i = 0; i < 2; i++) {
                given().auth().oauth2(token).get("/probe/me")
                        .then().statusCode(401).body("code", equalTo("INVALID_TOKEN"));
            }
            assertThat(tokens().misses() - misses).as("verified and refused both times").isEqualTo(2);
            assertThat(tokens().hits() - hits).isZero();
        }
    }

    @Test
    void theCacheHoldsNoMoreThanItsConfiguredSize() {
        for (int i = 0; i < 12; i++) {
            given().auth().oauth2(Tokens.withSubject("u-" + i, "user " + i, Roles.READER)).get("/probe/me")
                    .then().statusCode(200).body("subject", equalTo("u-" + i));
        }
        assertThat(tokens().size()).isBetween(1L, 5L);
    }

    private VerifiedTokens tokens() {
        return provider.tokens();
    }

    /** The same token with one character in the middle of its signature changed. */
    private static String withSignatureChanged(String token) {
        int at = token.lastIndexOf('.') + 20;
        char changed = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + changed + token.substring(at + 1);
    }

    /** The same token with one character of its claims (base64url) changed. */
    private static String withPayloadCharacterChanged(String token) {
        int at = token.indexOf('.') + 10;
        char changed = token.charAt(at) == 'A' ? 'B' : 'A';
        return token.substring(0, at) + changed + token.substring(at + 1);
    }

    /** The token's claims with a role replaced, the original header and signature kept. */
    private static String withRolesReplaced(String token, String from, String to) {
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        assertThat(claims).contains("\"" + from + "\"");
        String forged = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.replace("\"" + from + "\"", "\"" + to + "\"").getBytes(StandardCharsets.UTF_8));
        return parts[0] + "." + forged + "." + parts[2];
    }
}
