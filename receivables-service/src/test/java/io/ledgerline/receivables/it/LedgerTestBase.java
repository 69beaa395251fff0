package io.ledgerline.receivables.it;

import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What every integration test of the service shares: the real in-process Kafka broker and a fresh embedded
 * PostgreSQL database, an ERP-like publisher, and a customer id of its own per test so tests never see each other.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
abstract class LedgerTestBase {

    /** The person the tests act as unless they say otherwise: a senior clerk who may also run delinquency. */
    protected static final String CLERK = "anna.clerk";
    protected static final String CLERK_TOKEN = Tokens.of(CLERK, Roles.AR_CLERK, Roles.SUPERVISOR, Roles.OPERATOR);

    protected static final String INVOICES = "ledgerline.ingest.invoices";
    protected static final String PAYMENTS = "ledgerline.ingest.payments";
    protected static final String CUSTOMERS = "ledgerline.ingest.customers";

    protected ErpPublisher erp;
    protected String customer;

    @BeforeEach
    void connect() {
        // Every request carries a token from the test issuer, verified by the service against its JWKS.
        RestAssured.authentication = RestAssured.oauth2(CLERK_TOKEN);
        erp = new ErpPublisher(bootstrapServers());
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void disconnect() {
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
        erp.close();
    }

    /** Health and metrics live on the management interface, not the API's port. */
    protected static io.restassured.specification.RequestSpecification management() {
        return RestAssured.given().port(ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class));
    }

    protected static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    protected String invoice(String invoiceId, String amount) {
        return """
                {"invoiceId": "%s", "customerId": "%s", "issueDate": "2026-10-01", "dueDate": "2026-10-31",
                 "currency": "EUR", "amount": "%s", "purchaseOrder": "PO-77", "description": "October freight"}"""
                .formatted(invoiceId, customer, amount);
    }

    protected String payment(String paymentId, String amount, String allocatedInvoice, String allocated) {
        String allocations = allocatedInvoice == null ? "" : """
                , "allocations": [{"invoiceId": "%s", "amount": "%s"}]""".formatted(allocatedInvoice, allocated);
        return """
                {"paymentId": "%s", "customerId": "%s", "receivedDate": "2026-10-29", "currency": "EUR",
                 "amount": "%s", "method": "SEPA", "reference": "%s less damage"%s}"""
                .formatted(paymentId, customer, amount, allocatedInvoice, allocations);
    }

    /**
     * Asks for a rebuild of the account read models and waits until it is done: swapped in, not parked, caught up
     * with the store, having replayed at least {@code replayed} events.
     */
    protected static void rebuildAccounts(long replayed) {
        RestAssured.given().post("/admin/projections/{name}/rebuild", "accounts").then().statusCode(202);
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            var status = RestAssured.given().get("/admin/projections").then().statusCode(200).extract().jsonPath();
            assertThat(status.getBoolean("find { it.name == 'accounts' }.rebuilding")).isFalse();
            assertThat(status.getBoolean("find { it.name == 'accounts' }.parked")).isFalse();
            assertThat(status.getLong("find { it.name == 'accounts' }.eventsBehind")).isZero();
            assertThat(status.getLong("find { it.name == 'accounts' }.replayedSinceRebuild"))
                    .isGreaterThanOrEqualTo(replayed);
        });
    }

    protected ValidatableResponse account() {
        return RestAssured.given().get("/accounts/{id}", customer).then();
    }
}
