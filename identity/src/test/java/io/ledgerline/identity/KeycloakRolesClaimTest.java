package io.ledgerline.identity;

import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

/**
 * Keycloak puts realm roles in realm_access.roles: one property points the library there. This application also
 * runs with the cache of verified tokens turned off (one application start for both): every request is verified.
 */
@QuarkusTest
@TestProfile(KeycloakRolesClaimTest.RealmRoles.class)
@WithTestResource(TestIssuerResource.class)
class KeycloakRolesClaimTest {

    public static class RealmRoles implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("smallrye.jwt.path.groups", "realm_access/roles",
                    "ledgerline.identity.token-cache.enabled", "false");
        }
    }

    @Test
    void rolesComeFromTheConfiguredClaim() {
        given().auth().oauth2(Tokens.keycloakStyle("sam", Roles.SUPERVISOR, "offline_access"))
                .get("/probe/me")
                .then().statusCode(200)
                .body("roles", containsInAnyOrder(Roles.SUPERVISOR));
        given().auth().oauth2(Tokens.keycloakStyle("kim", Roles.SUPERVISOR)).delete("/probe/cache").then().statusCode(403);
        given().auth().oauth2(Tokens.keycloakStyle("kim", Roles.OPERATOR)).delete("/probe/cache").then().statusCode(200);
    }

    @Inject
    CachedTokenIdentityProvider provider;

    @Test
    void turnedOffTheCacheKeepsNothingAndEveryTokenIsVerifiedAsBefore() {
        String token = Tokens.keycloakStyle("sam", Roles.SUPERVISOR);
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(token).get("/probe/me").then().statusCode(200);
        }
        given().auth().oauth2(Tokens.expired("sam", Roles.SUPERVISOR)).get("/probe/me").then().statusCode(401);
        assertThat(provider.tokens().enabled()).isFalse();
        assertThat(provider.tokens().hits()).isZero();
        assertThat(provider.tokens().size()).isZero();
    }
}
