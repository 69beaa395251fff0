package io.ledgerline.identity;

import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

/** The library in a running application: tokens verified against the issuer's JWKS over HTTP, callers, answers. */
@QuarkusTest
@WithTestResource(TestIssuerResource.class)
class IdentityTest {

    @Test
    void theCallerIsWhoTheTokenSaysWithTheRolesThatLetThemIn() {
        given().auth().oauth2(Tokens.withSubject("u-4711", "sam", Roles.SUPERVISOR, "some-other-group"))
                .get("/probe/me")
                .then().statusCode(200)
                .body("subject", equalTo("u-4711"))
                .body("name", equalTo("sam"))
                .body("roles", containsInAnyOrder(Roles.SUPERVISOR))
                .body("rolesUsed", containsInAnyOrder(Roles.SUPERVISOR));
    }

    @Test
    void noTokenIs401ProblemJsonWithTheBearerChallenge() {
        given().get("/probe/me")
                .then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("status", equalTo(401))
                .body("code", equalTo("AUTHENTICATION_REQUIRED"));
    }

    @Test
    void aBadTokenIs401AndSaysTheTokenWasTheProblem() {
        for (String token : List.of(Tokens.expired("sam", Roles.SUPERVISOR),
                Tokens.fromAnotherIssuer("sam", Roles.SUPERVISOR), Tokens.forAnotherAudience("sam", Roles.SUPERVISOR),
                "not-a-jwt")) {
            given().auth().oauth2(token).get("/probe/me")
                    .then().statusCode(401)
                    .contentType(startsWith("application/problem+json"))
                    .header("WWW-Authenticate", containsString("invalid_token"))
                    .body("code", equalTo("INVALID_TOKEN"));
        }
    }

    @Test
    void aMissingRoleIs403ProblemJsonNamingTheRolesThatWouldDo() {
        given().auth().oauth2(Tokens.of("kim", Roles.AR_CLERK)).delete("/probe/cache")
                .then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("code", equalTo("ROLE_REQUIRED"))
                .body("requiredRoles", containsInAnyOrder(Roles.OPERATOR))
                .body("detail", containsString(Roles.OPERATOR));
    }

    @Test
    void limitsHoldAtTheEdges() {
        // ar-clerk 100, supervisor 10000 (src/test/resources/application.properties)
        given().auth().oauth2(Tokens.of("kim", Roles.AR_CLERK)).post("/probe/write-offs/100.00").then().statusCode(200);
        given().auth().oauth2(Tokens.of("kim", Roles.AR_CLERK)).post("/probe/write-offs/100.01")
                .then().statusCode(403).body("code", equalTo("LIMIT_EXCEEDED"));
        given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).post("/probe/write-offs/10000").then().statusCode(200);
        given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).post("/probe/write-offs/10000.01")
                .then().statusCode(403).body("code", equalTo("LIMIT_EXCEEDED"));
        // the higher of a caller's roles counts
        given().auth().oauth2(Tokens.of("alex", Roles.AR_CLERK, Roles.SUPERVISOR)).post("/probe/write-offs/5000")
                .then().statusCode(200);
    }

    @Test
    void fourEyesNeedsAnotherPersonInAnApprovingRole() {
        given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).post("/probe/approvals/sam")
                .then().statusCode(403).body("code", equalTo("SAME_PERSON"));
        given().auth().oauth2(Tokens.of("kim", Roles.AR_CLERK)).post("/probe/approvals/sam")
                .then().statusCode(403).body("code", equalTo("ROLE_REQUIRED"))
                .body("requiredRoles", containsInAnyOrder(Roles.SUPERVISOR, Roles.CREDIT_MANAGER));
        // and the rule itself, for a caller an endpoint lets in for other reasons
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FourEyes.requireApproval("u-1",
                        Caller.of("u-2", "kim", List.of(Roles.AR_CLERK)), List.of(Roles.SUPERVISOR)))
                .isInstanceOf(AccessRefused.class);
        given().auth().oauth2(Tokens.of("lee", Roles.CREDIT_MANAGER)).post("/probe/approvals/sam")
                .then().statusCode(200).body("approvedBy", equalTo("lee"));
        // the same display name is not the same person
        given().auth().oauth2(Tokens.withSubject("u-2", "sam", Roles.SUPERVISOR)).post("/probe/approvals/u-1")
                .then().statusCode(200);
    }

    @Test
    void healthAndMetricsAreOpenOnTheManagementInterfaceOnly() {
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        given().port(management).get("/q/health/ready").then().statusCode(200);
        given().port(management).get("/q/metrics").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(404);
        given().get("/q/metrics").then().statusCode(404);
    }

    @Test
    void metricsCarryTheApplicationAndRestLatencyIsAHistogramPerEndpointTemplate() {
        given().auth().oauth2(Tokens.of("sam", Roles.SUPERVISOR)).get("/probe/me").then().statusCode(200);
        String application = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        int management = ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
        String metrics = given().port(management).get("/q/metrics").then().statusCode(200).extract().asString();
        org.assertj.core.api.Assertions.assertThat(metrics)
                .containsPattern("(?m)^http_server_requests_seconds_bucket\\{(?=[^}]*application=\"" + application
                        + "\")(?=[^}]*uri=\"/probe/me\")(?=[^}]*le=\"[0-9.]+\")[^}]*} ")
                .containsPattern("(?m)^http_server_requests_seconds_count\\{(?=[^}]*method=\"GET\")"
                        + "(?=[^}]*status=\"200\")(?=[^}]*outcome=\"SUCCESS\")[^}]*} ")
                .containsPattern("(?m)^jvm_memory_used_bytes\\{(?=[^}]*application=\"" + application + "\")")
                .containsPattern("(?m)^jvm_gc_pause_seconds_count\\{|(?m)^jvm_threads_live_threads\\{")
                .containsPattern("(?m)^process_cpu_usage\\{(?=[^}]*application=\"" + application + "\")");
        // JSON logs are an option, off unless QUARKUS_LOG_CONSOLE_JSON_ENABLED=true.
        org.assertj.core.api.Assertions.assertThat(ConfigProvider.getConfig()
                .getValue("quarkus.log.console.json.enabled", Boolean.class)).isFalse();
    }

    @Test
    void theOpenApiDocumentDeclaresTheBearerScheme() {
        RestAssured.given().accept("application/json").get("/q/openapi?format=json")
                .then().statusCode(200)
                .body("components.securitySchemes", hasKey("bearer"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"))
                .body("paths.'/probe/cache'.delete.security", org.hamcrest.Matchers.notNullValue());
    }
}
