package io.ledgerline.reporting.it;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.ledgerline.testsupport.identity.TestIssuerResource;
import io.ledgerline.testsupport.identity.Tokens;
import io.ledgerline.identity.Roles;
import io.restassured.RestAssured;
import io.quarkus.test.common.QuarkusTestResource;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * What every integration test shares: the real in-process Kafka broker, a fresh embedded PostgreSQL database, one
 * application start (the same profile everywhere), a publisher of upstream domain events, and ids of its own per
 * test so tests never see each other's customers.
 */
@QuarkusTestResource(KafkaTestResource.class)
@QuarkusTestResource(PostgresTestResource.class)
@QuarkusTestResource(TestIssuerResource.class)
abstract class ReportingTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);
    static final LocalDate TODAY = LocalDate.parse(ReportingTestProfile.TODAY);
    /** A supervisor may read every figure and run the publication. */
    static final String TOKEN = Tokens.of("sam", Roles.SUPERVISOR);

    protected UpstreamPublisher upstream;
    protected String customer;

    @BeforeEach
    void connect() {
        upstream = new UpstreamPublisher(bootstrapServers());
        customer = "C-" + UUID.randomUUID().toString().substring(0, 8);
        RestAssured.authentication = RestAssured.oauth2(TOKEN);
    }

    @AfterEach
    void disconnect() {
        upstream.close();
        RestAssured.authentication = RestAssured.DEFAULT_AUTH;
    }

    /** Health and metrics are on the management interface only. */
    static int managementPort() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    static String bootstrapServers() {
        return ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
    }

    static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static ReceivablesEvent.InvoiceIssued invoice(String customer, String invoiceId, String currency, String amount,
                                                  String issueDate, String dueDate) {
        return new ReceivablesEvent.InvoiceIssued(customer, invoiceId, LocalDate.parse(issueDate),
                LocalDate.parse(dueDate), currency, new BigDecimal(amount), null, "test invoice");
    }

    static ReceivablesEvent.PaymentReceived payment(String customer, String paymentId, String currency, String amount,
                                                    String date) {
        return new ReceivablesEvent.PaymentReceived(customer, paymentId, LocalDate.parse(date), currency,
                new BigDecimal(amount), PaymentMethod.SEPA, "payment " + paymentId, List.of());
    }

    static ReceivablesEvent.PaymentApplied applied(String customer, String paymentId, String invoiceId,
                                                   String currency, String amount, String date) {
        return new ReceivablesEvent.PaymentApplied(customer, SourceKind.PAYMENT, paymentId, invoiceId, currency,
                new BigDecimal(amount), LocalDate.parse(date), ApplicationRule.REMITTANCE);
    }

    /** A payment received and applied in full to one invoice, as receivables publishes it. */
    void pay(String customer, String invoiceId, String currency, String amount, String date) {
        String paymentId = id("PAY");
        upstream.publish(payment(customer, paymentId, currency, amount, date));
        upstream.publish(applied(customer, paymentId, invoiceId, currency, amount, date));
    }
}
