package io.ledgerline.credit.it;

import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
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
abstract class CreditTestBase {

    /** The business day of the tests (%test.ledgerline.clock.today). */
    static final LocalDate TODAY = LocalDate.of(2026, 12, 1);

    protected UpstreamPublisher upstream;
    protected String customer;

    @BeforeEach
    void connect() {
        upstream = new UpstreamPublisher(bootstrapServers());
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() {
        upstream.close();
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    /** A request as an analyst makes it (until identity lands, the caller is named in headers). */
    protected static RequestSpecification as(String user, String roles) {
        return RestAssured.given().contentType(ContentType.JSON)
                .header("X-Ledgerline-User", user).header("X-Ledgerline-Roles", roles);
    }

    protected static RequestSpecification analyst() {
        return as("analyst.kim", "credit-analyst");
    }

    protected static RequestSpecification json() {
        return RestAssured.given().contentType(ContentType.JSON);
    }
}
