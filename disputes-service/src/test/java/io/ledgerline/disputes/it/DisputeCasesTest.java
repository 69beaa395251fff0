package io.ledgerline.disputes.it;

import io.ledgerline.disputes.domain.DeductionDetector;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.testsupport.ApplicationDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/**
 * disputes-service on its own, fed with receivables' events as receivables' outbox relay publishes them: cases by
 * people through their whole workflow, evidence, four-eyes approval, the SLA run, analytics, and every bad input
 * answered with problem+json naming the field. Business date: 2026-11-16 (a Monday).
 */
@QuarkusTest
class DisputeCasesTest extends DisputesTestBase {

    static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);

    private void invoice(String invoiceId, String amount) {
        publish(new ReceivablesEvent.InvoiceIssued(customer, invoiceId, OCT_1, OCT_1.plusDays(30), "EUR",
                new BigDecimal(amount), null, null));
    }

    /** Waits until disputes has the invoice from receivables: asking too much of it is then refused as such. */
    private void awaitInvoiceKnown(String invoiceId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPUTED_MORE_THAN_OPEN".equals(as("analyst.kim", "dispute-analyst")
                .contentType(ContentType.JSON).body(openBody(invoiceId, "999999999", "PRICE"))
                .post("/disputes").then().extract().path("code")));
    }

    private String openBody(String invoiceId, String amount, String reason) {
        return """
                {"customerId": "%s", "reasonCode": "%s", "description": "price list not applied", "currency": "EUR",
                 "invoices": [{"invoiceId": "%s", "amount": "%s"}], "contact": {"name": "Ana Ruiz"}}"""
                .formatted(customer, reason, invoiceId, amount);
    }

    private String open(String invoiceId, String amount) {
        return as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body(openBody(invoiceId, amount, "PRICE"))
                .post("/disputes").then().statusCode(201).header("ETag", "\"2\"")
                .body("events[0].type", equalTo("DisputeOpened"))
                .body("events[0].data.by.subject", equalTo("analyst.kim"))
                .body("events[0].data.by.roles[0]", equalTo("dispute-analyst"))
                .body("events[0].data.slaDueDate", notNullValue())
                .body("events[1].type", equalTo("DisputeAssigned"))
                .extract().path("disputeId");
    }

    @Test
    void a_person_opens_works_and_resolves_a_case_with_notes_evidence_and_a_second_approver() {
        invoice("INV-1", "5000.00");
        awaitInvoiceKnown("INV-1");
        String id = open("INV-1", "2000.00");

        RestAssured.given().get("/disputes/{d}", id).then().statusCode(200).header("ETag", "\"2\"")
                .body("dispute.status", equalTo("OPEN")).body("dispute.owner", equalTo("pricing-desk"))
                .body("slaDueDate", equalTo("2026-11-30"));
        // Someone else's stale version: 409.
        as("analyst.kim", "dispute-analyst").header("If-Match", "\"1\"").post("/disputes/{d}/review", id).then().statusCode(409)
                .contentType("application/problem+json").body("code", equalTo("CONCURRENT_CHANGE"));
        as("analyst.kim", "dispute-analyst").header("If-Match", "\"2\"").post("/disputes/{d}/review", id).then().statusCode(200);
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body("{\"text\": \"called AP, delivery note promised\"}")
                .post("/disputes/{d}/notes", id).then().statusCode(200);

        byte[] pdf = "%PDF-1.4\n% delivery note 4711\n".getBytes(StandardCharsets.US_ASCII);
        String location = as("analyst.kim", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post("/disputes/{d}/evidence?fileName=delivery-note.pdf&description=signed", id).then().statusCode(201)
                .body("events[0].data.sizeBytes", equalTo(pdf.length))
                .body("events[0].data.contentType", equalTo("application/pdf"))
                .extract().header("Location");
        byte[] back = RestAssured.given().get(location).then().statusCode(200)
                .contentType("application/pdf").extract().asByteArray();
        org.assertj.core.api.Assertions.assertThat(back).isEqualTo(pdf);

        // 2000.00 credited is above the approval amount (1000.00): it waits for a second person.
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body("""
                        {"outcome": "ACCEPTED", "reason": "the November price list applies"}""")
                .post("/disputes/{d}/resolution", id).then().statusCode(200)
                .body("events[0].type", equalTo("DisputeResolutionProposed"));
        // Not by the analyst: not a role that approves; and not by the proposer even as a supervisor.
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body("{}").post("/disputes/{d}/resolution/approval", id)
                .then().statusCode(403);
        as("analyst.kim", "dispute-analyst", "supervisor").contentType(ContentType.JSON).body("{}")
                .post("/disputes/{d}/resolution/approval", id)
                .then().statusCode(422).body("code", equalTo("FOUR_EYES")).body("errors[0].field", equalTo("by"));
        as("sup.ines", "supervisor").contentType(ContentType.JSON).body("{}").post("/disputes/{d}/resolution/approval", id)
                .then().statusCode(200).body("events[0].type", equalTo("DisputeResolved"))
                .body("events[0].data.by.subject", equalTo("analyst.kim"))
                .body("events[0].data.by.roles[0]", equalTo("dispute-analyst"))
                .body("events[0].data.approvedBy.subject", equalTo("sup.ines"));
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body("{\"note\": \"customer informed\"}")
                .post("/disputes/{d}/closure", id).then().statusCode(200);

        RestAssured.given().get("/disputes/{d}", id).then()
                .body("dispute.status", equalTo("CLOSED")).body("creditedTotal", equalTo("2000.00"))
                .body("notes[0].text", equalTo("called AP, delivery note promised"))
                .body("notes[0].by.subject", equalTo("analyst.kim"))
                .body("evidence[0].fileName", equalTo("delivery-note.pdf"))
                .body("history", hasSize(8));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/analytics/credits?from=2026-11-01&to=2026-11-30").then().statusCode(200)
                .body("find { it.reasonCode == 'PRICE' }.credited", notNullValue()));
        RestAssured.given().get("/analytics/outcomes?from=2026-11-01&to=2026-11-30").then().statusCode(200)
                .body("find { it.reasonCode == 'ALL' }.resolutions", greaterThanOrEqualTo(1));
        RestAssured.given().get("/analytics/cycle-times?from=2026-11-01&to=2026-11-30").then().statusCode(200)
                .body("find { it.reasonCode == 'PRICE' }.p50Days", equalTo("0.0"));
    }

    @Test
    void the_same_short_payment_delivered_twice_under_new_ids_opens_one_deduction_case() {
        invoice("INV-D", "1250.00");
        var payment = new ReceivablesEvent.PaymentReceived(customer, "PAY-D", LocalDate.of(2026, 10, 29), "EUR",
                new BigDecimal("1200.00"), PaymentMethod.SEPA, "INV-D less damage",
                List.of(new PaymentAllocation("INV-D", new BigDecimal("1200.00"))));
        ProducerRecord<byte[], byte[]> first = publish(payment);
        send(first);
        publish(payment);
        publish(new ReceivablesEvent.PaymentApplied(customer, ReceivablesEvent.SourceKind.PAYMENT, "PAY-D", "INV-D",
                "EUR", new BigDecimal("1200.00"), LocalDate.of(2026, 10, 29), ReceivablesEvent.ApplicationRule.REMITTANCE));
        // A record no one can read on the way: skipped, the consumer goes on.
        send(new ProducerRecord<>("ledgerline.receivables.events", null, utf8(customer), utf8("{}"),
                new org.apache.kafka.common.header.internals.RecordHeaders()));
        invoice("INV-MARK", "10.00");
        awaitInvoiceKnown("INV-MARK");
        String expected = DeductionDetector.deductionId(customer, "INV-D", "PAY-D");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/disputes?customerId={c}", customer).then()
                .body("findAll { it.kind == 'DEDUCTION' }", hasSize(1))
                .body("[0].disputeId", equalTo(expected))
                .body("[0].disputed", equalTo("50.00"))
                .body("[0].credited", equalTo("0.00"))
                .body("[0].owner", equalTo("dispute-desk")));
        // The deducted 50.00 is disputed already: a person cannot dispute it again.
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body(openBody("INV-D", "10.00", "PRICE")).post("/disputes")
                .then().statusCode(422).body("code", equalTo("DISPUTED_MORE_THAN_OPEN"))
                .body("errors[0].field", equalTo("invoices[0].amount"));
    }

    @Test
    void a_person_disputing_an_invoice_while_a_batch_of_receivables_events_updates_it_is_not_overwritten() throws Exception {
        invoice("INV-RACE", "1000.00");
        awaitInvoiceKnown("INV-RACE");
        // The batch that takes the next payment waits after reading the invoice and before writing it back; a person
        // disputes 100.00 of it in that moment.
        try (AutoCloseable slow = slowInserts("receivables_invoice", "customer_id", customer, 3)) {
            publish(new ReceivablesEvent.PaymentApplied(customer, ReceivablesEvent.SourceKind.PAYMENT, "PAY-RACE",
                    "INV-RACE", "EUR", new BigDecimal("200.00"), LocalDate.of(2026, 11, 2),
                    ReceivablesEvent.ApplicationRule.REMITTANCE));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
                try (var db = ApplicationDatabase.connect(); var rows = db.createStatement().executeQuery(
                        "SELECT count(*) FROM pg_stat_activity WHERE wait_event = 'PgSleep'")) {
                    return rows.next() && rows.getInt(1) > 0;
                }
            });
            open("INV-RACE", "100.00");
        }
        // 800.00 open after the payment, 100.00 of it disputed: 700.00 is left to dispute, not 800.00. (More than
        // could ever be left is asked, so that nothing is opened while the batch commits.)
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> as("analyst.kim", "dispute-analyst")
                .contentType(ContentType.JSON).body(openBody("INV-RACE", "1000.01", "PRICE")).post("/disputes")
                .then().statusCode(422).body("code", equalTo("DISPUTED_MORE_THAN_OPEN"))
                .body("detail", containsString("has 700.00 EUR open and not already disputed")));
    }

    @Test
    void a_case_past_its_sla_is_escalated_by_the_run_once_and_never_for_a_future_date() {
        String id = paidTenShort("INV-S", "PAY-S");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/disputes?customerId={c}", customer)
                .then().body("[0].disputeId", equalTo(id)).body("[0].slaDueDate", equalTo("2026-11-12")));
        RestAssured.given().post("/sla-runs?asOf=2026-11-17").then().statusCode(400)
                .contentType("application/problem+json").body("code", equalTo("AS_OF_IN_FUTURE"))
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().post("/sla-runs?asOf=2026-11-16").then().statusCode(200);
        RestAssured.given().get("/disputes/{d}", id).then().body("dispute.status", equalTo("ESCALATED"))
                .body("history.find { it.type == 'DisputeEscalated' }.data.cause", equalTo("SLA_BREACHED"))
                .body("history.find { it.type == 'DisputeEscalated' }.data.asOf", equalTo("2026-11-16"));
        RestAssured.given().post("/sla-runs?asOf=2026-11-16").then().statusCode(200);
        RestAssured.given().get("/disputes/{d}", id).then()
                .body("history.findAll { it.type == 'DisputeEscalated' }", hasSize(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/analytics/open?asOf=2026-11-16")
                .then().statusCode(200).body("byReason.group", hasItem("SHORT_PAYMENT"))
                .body("byAge.group", hasItem("11-30 days")));
    }

    @Test
    void a_case_counts_as_open_on_the_days_it_was_open_also_after_it_was_resolved() {
        String id = paidTenShort("INV-O", "PAY-O");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/disputes/{d}", id)
                .then().statusCode(200).body("dispute.status", equalTo("OPEN")));
        // Open since 29 October: counted on 10 November and today (other tests' cases are counted too: compare).
        await().atMost(Duration.ofSeconds(30)).until(() -> openShortPayments("2026-11-10") > 0);
        int onTenth = openShortPayments("2026-11-10");
        int today = openShortPayments("2026-11-16");

        as("analyst.kim", "dispute-analyst").post("/disputes/{d}/review", id).then().statusCode(200);
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON)
                .body("{\"outcome\": \"REJECTED\", \"reason\": \"delivered in full, signed note\"}")
                .post("/disputes/{d}/resolution", id).then().statusCode(200)
                .body("events[0].type", equalTo("DisputeResolved"));
        // Resolved today: no longer open today, but it still was on 10 November.
        await().atMost(Duration.ofSeconds(30)).until(() -> openShortPayments("2026-11-16") == today - 1);
        org.assertj.core.api.Assertions.assertThat(openShortPayments("2026-11-10")).isEqualTo(onTenth);
    }

    /** An invoice of 100.00 due on 31 October, paid 90.00 on 29 October: the deduction case it opens. */
    private String paidTenShort(String invoiceId, String paymentId) {
        publish(new ReceivablesEvent.InvoiceIssued(customer, invoiceId, OCT_1, OCT_1.plusDays(30), "EUR",
                new BigDecimal("100.00"), null, null));
        publish(new ReceivablesEvent.PaymentReceived(customer, paymentId, LocalDate.of(2026, 10, 29), "EUR",
                new BigDecimal("90.00"), PaymentMethod.SEPA, invoiceId,
                List.of(new PaymentAllocation(invoiceId, new BigDecimal("90.00")))));
        return DeductionDetector.deductionId(customer, invoiceId, paymentId);
    }

    private int openShortPayments(String asOf) {
        Integer cases = RestAssured.given().get("/analytics/open?asOf={d}", asOf).then().statusCode(200).extract()
                .path("byReason.find { it.group == 'SHORT_PAYMENT' && it.currency == 'EUR' }.cases");
        return cases == null ? 0 : cases;
    }

    @Test
    void bad_input_gets_problem_json_naming_the_field() {
        invoice("INV-B", "300.00");
        awaitInvoiceKnown("INV-B");
        RestAssured.given().auth().none().contentType(ContentType.JSON).body(openBody("INV-B", "10", "PRICE"))
                .post("/disputes").then().statusCode(401).contentType("application/problem+json");
        as("rita.reader", "reader").contentType(ContentType.JSON).body(openBody("INV-B", "10", "PRICE"))
                .post("/disputes").then().statusCode(403).contentType("application/problem+json");
        as("a", "dispute-analyst").contentType(ContentType.JSON).body("{\"customerId\": \"" + customer + "\"}").post("/disputes")
                .then().statusCode(400).body("errors[0].field", equalTo("invoices"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body(openBody("INV-B", "10", "BECAUSE")).post("/disputes")
                .then().statusCode(400).body("code", equalTo("UNKNOWN_REASON_CODE")).body("errors[0].field", equalTo("reasonCode"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body(openBody("INV-B", "10.001", "PRICE")).post("/disputes")
                .then().statusCode(400).body("errors[0].field", equalTo("invoices[0].amount"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body(openBody("INV-NOPE", "10", "PRICE")).post("/disputes")
                .then().statusCode(422).body("code", equalTo("UNKNOWN_INVOICE")).body("errors[0].field", equalTo("invoices[0].invoiceId"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body(openBody("INV-B", "300.01", "PRICE")).post("/disputes")
                .then().statusCode(422).body("code", equalTo("DISPUTED_MORE_THAN_OPEN"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body("{\"customerId\": ").post("/disputes")
                .then().statusCode(400).contentType("application/problem+json");
        RestAssured.given().get("/disputes/DSP-NONE").then().statusCode(404).body("code", equalTo("UNKNOWN_DISPUTE"));

        String id = open("INV-B", "100.00");
        // A resolution crediting more than disputed is refused.
        as("a", "dispute-analyst").contentType(ContentType.JSON).body("""
                        {"outcome": "PARTIALLY_ACCEPTED", "reason": "x", "invoices": [{"invoiceId": "INV-B", "creditAmount": "100.01"}]}""")
                .post("/disputes/{d}/resolution", id).then().statusCode(422)
                .body("code", equalTo("CREDIT_EXCEEDS_DISPUTED")).body("errors[0].field", equalTo("invoices[0].creditAmount"));
        as("a", "dispute-analyst").contentType(ContentType.JSON).body("{\"outcome\": \"MAYBE\", \"reason\": \"x\"}")
                .post("/disputes/{d}/resolution", id).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("outcome"));
        // Evidence: over the limit, a refused type, content that is not what it claims, no file name.
        as("a", "dispute-analyst").contentType("application/pdf").body(("%PDF-" + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII))
                .post("/disputes/{d}/evidence?fileName=big.pdf", id).then().statusCode(422)
                .body("code", equalTo("EVIDENCE_TOO_LARGE"));
        as("a", "dispute-analyst").contentType("application/x-msdownload").body(new byte[]{'M', 'Z', 0, 0})
                .post("/disputes/{d}/evidence?fileName=invoice.exe", id).then().statusCode(422)
                .body("code", equalTo("UNSUPPORTED_CONTENT_TYPE")).body("errors[0].field", equalTo("Content-Type"));
        as("a", "dispute-analyst").contentType("image/png").body(new byte[]{'M', 'Z', 0, 0})
                .post("/disputes/{d}/evidence?fileName=photo.png", id).then().statusCode(422)
                .body("code", equalTo("CONTENT_TYPE_MISMATCH"));
        as("a", "dispute-analyst").contentType("text/plain").body("hello".getBytes(StandardCharsets.UTF_8))
                .post("/disputes/{d}/evidence", id).then().statusCode(400).body("errors[0].field", equalTo("fileName"));
        // Wrong state: closing an unresolved case.
        as("a", "dispute-analyst").contentType(ContentType.JSON).body("{}").post("/disputes/{d}/closure", id).then().statusCode(409)
                .body("code", equalTo("NOT_RESOLVED"));
        RestAssured.given().get("/disputes?status=LOST").then().statusCode(400).body("errors[0].field", equalTo("status"));
        RestAssured.given().get("/q/openapi").then().statusCode(200).body(containsString("/disputes/{disputeId}/resolution"));
    }
}
