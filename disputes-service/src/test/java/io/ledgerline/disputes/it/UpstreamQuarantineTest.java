package io.ledgerline.disputes.it;

import io.ledgerline.disputes.domain.DeductionDetector;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.testsupport.ApplicationDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

/**
 * Receivables' events that fail in disputes for a reason nobody foresaw (here: a trigger that refuses one customer's
 * invoice copy, as a bug or unexpected data would) park that customer in the event store's quarantine while another
 * customer's events go on; later events of the parked customer wait behind, in order; after the fix an operator's
 * replay decides them all and the deduction case opens as it would have.
 */
@QuarkusTest
class UpstreamQuarantineTest extends DisputesTestBase {

    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    private static final LocalDate OCT_29 = LocalDate.of(2026, 10, 29);

    @Test
    void a_failing_customer_is_parked_others_go_on_and_a_replay_after_the_fix_decides_its_events_in_order() throws Exception {
        String other = "C-" + UUID.randomUUID().toString().substring(0, 8);
        String function = "fail_" + customer.replace("-", "_").toLowerCase();
        sql("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.customer_id = '%2$s' THEN RAISE EXCEPTION 'unforeseen data for %2$s'; END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER %1$s BEFORE INSERT OR UPDATE ON receivables_invoice
                  FOR EACH ROW EXECUTE FUNCTION %1$s();""".formatted(function, customer));
        try {
            shortPayment(customer, "INV-Q", "PAY-Q");
            shortPayment(other, "INV-O", "PAY-O");

            // The other customer's short payment becomes its deduction case; the failing one is parked.
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> RestAssured.given()
                    .get("/disputes?customerId={c}", other).then().statusCode(200)
                    .body("findAll { it.kind == 'DEDUCTION' }", hasSize(1)));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/admin/quarantine")
                    .then().statusCode(200)
                    .body("find { it.customerId == '%s' }.records".formatted(customer), equalTo(3))
                    .body("find { it.customerId == '%s' }.error".formatted(customer),
                            containsString("unforeseen data for " + customer)));
            RestAssured.given().get("/disputes?customerId={c}", customer).then().statusCode(200).body("$", hasSize(0));

            // A later event of the parked customer waits behind the others, keeping their order.
            publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-Q2", OCT_1, OCT_1.plusDays(30), "EUR",
                    new BigDecimal("80.00"), null, null));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/admin/quarantine")
                    .then().body("find { it.customerId == '%s' }.records".formatted(customer), equalTo(4)));
            // Replaying before the fix fails the same way and keeps everything parked.
            RestAssured.given().post("/admin/quarantine/{c}/replay", customer).then().statusCode(409)
                    .body("code", equalTo("REPLAY_FAILED"));
        } finally {
            sql("DROP TRIGGER %1$s ON receivables_invoice; DROP FUNCTION %1$s();".formatted(function));
        }

        RestAssured.given().post("/admin/quarantine/{c}/replay", customer).then().statusCode(200)
                .body("customerId", equalTo(customer))
                .body("replayed", equalTo(4))
                .body("released", equalTo(true));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/disputes?customerId={c}", customer).then().statusCode(200)
                .body("findAll { it.kind == 'DEDUCTION' }", hasSize(1))
                .body("[0].disputeId", equalTo(DeductionDetector.deductionId(customer, "INV-Q", "PAY-Q")))
                .body("[0].disputed", equalTo("50.00")));
        RestAssured.given().get("/admin/quarantine").then().statusCode(200)
                .body("customerId", not(hasItem(customer)));
        RestAssured.given().post("/admin/quarantine/{c}/replay", customer).then().statusCode(404)
                .body("code", equalTo("NOT_QUARANTINED"));

        // Out of quarantine, its events flow again: the invoice parked last is known (disputing more is refused).
        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPUTED_MORE_THAN_OPEN".equals(as("analyst.kim",
                "dispute-analyst").contentType("application/json").body("""
                {"customerId": "%s", "reasonCode": "PRICE", "description": "price list not applied", "currency": "EUR",
                 "invoices": [{"invoiceId": "INV-Q2", "amount": "999999"}], "contact": {"name": "Ana Ruiz"}}"""
                .formatted(customer)).post("/disputes").then().extract().path("code")));
    }

    /** An invoice of 1,000.00 paid 950.00 with a remittance naming it: disputes sees a 50.00 deduction. */
    private void shortPayment(String customerId, String invoiceId, String paymentId) {
        publish(new ReceivablesEvent.InvoiceIssued(customerId, invoiceId, OCT_1, OCT_1.plusDays(30), "EUR",
                new BigDecimal("1000.00"), null, null));
        publish(new ReceivablesEvent.PaymentReceived(customerId, paymentId, OCT_29, "EUR", new BigDecimal("950.00"),
                PaymentMethod.SEPA, invoiceId + " less damage",
                List.of(new PaymentAllocation(invoiceId, new BigDecimal("950.00")))));
        publish(new ReceivablesEvent.PaymentApplied(customerId, ReceivablesEvent.SourceKind.PAYMENT, paymentId,
                invoiceId, "EUR", new BigDecimal("950.00"), OCT_29, ReceivablesEvent.ApplicationRule.REMITTANCE));
    }

    private static void sql(String statements) throws SQLException {
        ApplicationDatabase.execute(statements);
    }
}
