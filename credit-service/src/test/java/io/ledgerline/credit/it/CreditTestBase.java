package io.ledgerline.credit.it;

import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.LocalDate;
import java.util.UUID;

/**
 * What every integration test shares (one Quarkus start for all of them): the real in-process Kafka broker, a fresh
 * embedded PostgreSQL database, a publisher of other services' events, and a customer id of its own per test.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
abstract class CreditTestBase {

    /**
     * The caller unless a test says otherwise: an analyst who may also run the day (operator), with a bearer token from
     * the test issuer that the service verifies against its JWKS.
     */
    protected static final String ANALYST_TOKEN = Tokens.of("analyst.kim", Roles.CREDIT_ANALYST, Roles.OPERATOR);

    /** The business day of the tests (%test.ledgerline.clock.today). */
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    protected UpstreamPublisher upstream;
    protected String customer;

    @BeforeEach
    void connect() {
        RestAssured.authentication = RestAssured.oauth2(ANALYST_TOKEN);
        upstream = new UpstreamPublisher(bootstrapServers());
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        upstream.close();
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A request made by {@code user} holding {@code roles}. */
    protected static RequestSpecification as(String user, String... roles) {
        return RestAssured.given().contentType(ContentType.JSON).auth().oauth2(Tokens.of(user, roles));
    }

    protected static RequestSpecification analyst() {
        return as("analyst.kim", Roles.CREDIT_ANALYST);
    }

    protected static RequestSpecification json() {
        return RestAssured.given().contentType(ContentType.JSON);
    }
}
