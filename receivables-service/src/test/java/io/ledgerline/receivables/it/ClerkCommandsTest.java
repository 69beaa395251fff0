package io.ledgerline.receivables.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.TopicReader;
import io.ledgerline.testsupport.identity.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ledgerline.receivables.it.LedgerApi.json;
import static io.ledgerline.testsupport.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

/**
 * What AR clerks and supervisors do to an account over REST: apply and unapply cash by hand, adjust, write off and
 * reverse write-offs, with optimistic concurrency through {@code If-Match}. The ledger is read back through the
 * ledger endpoints, which are consistent as soon as a command has answered.
 */
@QuarkusTest
class ClerkCommandsTest extends LedgerTestBase {

    private static final String SUE = Tokens.of("sue.supervisor", Roles.SUPERVISOR);

    /** An invoice of the given amount (issued 1 September, due 1 October), waited for until it is in the ledger. */
    private String givenInvoice(String suffix, String amount) {
        String invoiceId = LedgerApi.id("INV", customer, suffix);
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceId, "2026-09-01", "2026-10-01", amount, "September freight"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200));
        return invoiceId;
    }

    private ExtractableResponse<Response> detail(String invoiceId) {
        return RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200)
                .extract();
    }

    private static List<Map<String, Object>> eventsOfType(ExtractableResponse<Response> result, String type) {
        List<Map<String, Object>> events = result.jsonPath().getList("events");
        return events.stream().filter(e -> type.equals(e.get("type"))).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> data(Map<String, Object> event) {
        return (Map<String, Object>) event.get("data");
    }

    @Test
    void cash_left_unapplied_is_applied_and_unapplied_by_hand() {
        String invoiceId = givenInvoice("A", "800.00");

        // Without this the payment would be applied automatically (oldest first) on arrival.
        ExtractableResponse<Response> policy = json()
                .body("{\"policy\": \"LEAVE_UNAPPLIED\"}")
                .put("/accounts/{c}/cash-application-policy", customer).then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("events.type", hasItem("CashApplicationPolicyChanged"))
                .extract();
        long version = policy.jsonPath().getLong("version");
        assertThat(policy.header("ETag")).isEqualTo("\"" + version + "\"");

        String paymentId = LedgerApi.id("PAY", customer, "1");
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, paymentId, "2026-09-15",
                "300.00", "bank transfer", Map.of()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/aging", customer).then().statusCode(200)
                .body("currencies[0].unappliedCash", equalTo("300.00"))
                .body("currencies[0].openItems", equalTo("800.00")));
        long afterPayment = RestAssured.given().get("/accounts/{c}/movements?size=1", customer).then()
                .extract().jsonPath().getLong("total");

        ExtractableResponse<Response> applied = json()
                .header("If-Match", "\"" + afterPayment + "\"")
                .body("""
                        {"sourceKind": "PAYMENT", "sourceId": "%s", "invoiceId": "%s", "amount": "200.00"}"""
                        .formatted(paymentId, invoiceId))
                .post("/accounts/{c}/applications", customer).then()
                .statusCode(200)
                .extract();
        assertThat(applied.jsonPath().getLong("version")).isGreaterThan(afterPayment);
        assertThat(applied.header("ETag")).isEqualTo("\"" + applied.jsonPath().getLong("version") + "\"");
        List<Map<String, Object>> applications = eventsOfType(applied, "PaymentApplied");
        assertThat(applications).hasSize(1);
        assertThat(data(applications.getFirst()))
                .containsEntry("rule", "MANUAL")
                .containsEntry("sourceId", paymentId)
                .containsEntry("invoiceId", invoiceId)
                .containsEntry("amount", "200.00")
                .containsEntry("appliedBy", CLERK);

        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200)
                .body("openAmount", equalTo("600.00"))
                .body("status", equalTo("PARTIALLY_PAID"))
                .body("applications", hasSize(1))
                .body("applications[0].rule", equalTo("MANUAL"))
                .body("applications[0].sourceId", equalTo(paymentId))
                .body("applications[0].amount", equalTo("200.00"));
        RestAssured.given().get("/accounts/{c}/aging", customer).then()
                .body("currencies[0].unappliedCash", equalTo("100.00"))
                .body("currencies[0].openItems", equalTo("600.00"))
                .body("currencies[0].balance", equalTo("500.00"));

        // More than is unapplied: refused.
        json().body("""
                        {"sourceKind": "PAYMENT", "sourceId": "%s", "invoiceId": "%s", "amount": "150.00"}"""
                        .formatted(paymentId, invoiceId))
                .post("/accounts/{c}/applications", customer).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("AMOUNT_EXCEEDS_UNAPPLIED"))
                .body("errors[0].field", equalTo("amount"));

        ExtractableResponse<Response> unapplied = json()
                .body("""
                        {"sourceKind": "PAYMENT", "sourceId": "%s", "invoiceId": "%s", "reason": "wrong invoice"}""".formatted(paymentId, invoiceId))
                .post("/accounts/{c}/unapplications", customer).then()
                .statusCode(200)
                .extract();
        List<Map<String, Object>> unapplications = eventsOfType(unapplied, "PaymentUnapplied");
        assertThat(unapplications).hasSize(1);
        assertThat(data(unapplications.getFirst()))
                .containsEntry("amount", "200.00")
                .containsEntry("reason", "wrong invoice")
                .containsEntry("unappliedBy", CLERK);
        assertThat(eventsOfType(unapplied, "PaymentApplied")).as("the cash stays unapplied").isEmpty();

        RestAssured.given().get("/accounts/{c}/aging", customer).then()
                .body("currencies[0].unappliedCash", equalTo("300.00"))
                .body("currencies[0].openItems", equalTo("800.00"))
                .body("currencies[0].balance", equalTo("500.00"));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("openAmount", equalTo("800.00"))
                .body("status", equalTo("OPEN"))
                .body("applications", hasSize(0));

        // Nothing applied any more: unapplying again names the missing application.
        json().body("""
                        {"sourceKind": "PAYMENT", "sourceId": "%s", "invoiceId": "%s", "reason": "again"}"""
                        .formatted(paymentId, invoiceId))
                .post("/accounts/{c}/unapplications", customer).then()
                .statusCode(404)
                .body("code", equalTo("NO_SUCH_APPLICATION"));
    }

    @Test
    void adjustments_raise_and_lower_an_invoice_but_never_below_zero() {
        String invoiceId = givenInvoice("A", "500.00");

        ExtractableResponse<Response> raised = json()
                .body("{\"amount\": \"25.00\", \"reason\": \"freight surcharge\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(200)
                .extract();
        List<Map<String, Object>> adjusted = eventsOfType(raised, "InvoiceAdjusted");
        assertThat(adjusted).hasSize(1);
        assertThat(data(adjusted.getFirst())).containsEntry("amount", "25.00")
                .containsEntry("reason", "freight surcharge").containsEntry("adjustedBy", CLERK);
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("adjustments", equalTo("25.00"))
                .body("openAmount", equalTo("525.00"));

        json().body("{\"amount\": \"-100.00\", \"reason\": \"price agreed\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(200)
                .body("events.type", hasItem("InvoiceAdjusted"));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("amount", equalTo("500.00"))
                .body("adjustments", equalTo("-75.00"))
                .body("openAmount", equalTo("425.00"));

        json().body("{\"amount\": \"-1000.00\", \"reason\": \"too much\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("status", equalTo(422))
                .body("code", equalTo("ADJUSTMENT_BELOW_ZERO"))
                .body("errors[0].field", equalTo("amount"));
        json().body("{\"amount\": \"10.00\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(400)
                .body("errors[0].field", equalTo("reason"));
        json().body("{\"amount\": \"10.001\", \"reason\": \"x\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(400)
                .body("code", equalTo("TOO_MANY_DECIMALS"));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("openAmount", equalTo("425.00"));
    }

    @Test
    void a_supervisor_writes_off_and_reverses_and_the_events_are_published() {
        String invoiceId = givenInvoice("A", "120.00");

        // Who writes off, and in which role, comes from the token: a body that says otherwise is refused.
        json().auth().oauth2(SUE).body("{\"reasonCode\": \"INSOLVENCY\", \"by\": \"joe\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("FIELD_NOT_ALLOWED"))
                .body("errors[0].field", equalTo("by"));
        json().auth().oauth2(SUE).body("{\"reasonCode\": \"INSOLVENCY\", \"role\": \"SUPERVISOR\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(400)
                .body("errors[0].field", equalTo("role"));
        json().auth().oauth2(SUE).body("{\"reason\": \"no code\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("reasonCode"));
        json().auth().oauth2(SUE).body("{\"reasonCode\": \"BECAUSE\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(400)
                .body("code", equalTo("UNKNOWN_REASON_CODE"));

        ExtractableResponse<Response> writtenOff = json().auth().oauth2(SUE)
                .body("{\"reasonCode\": \"INSOLVENCY\", \"reason\": \"customer insolvent\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(200)
                .extract();
        List<Map<String, Object>> writeOffs = eventsOfType(writtenOff, "InvoiceWrittenOff");
        assertThat(writeOffs).hasSize(1);
        Map<String, Object> writeOff = data(writeOffs.getFirst());
        assertThat(writeOff).containsEntry("invoiceId", invoiceId).containsEntry("amount", "120.00")
                .containsEntry("role", "supervisor").containsEntry("writtenOffBy", "sue.supervisor")
                .containsEntry("reasonCode", "INSOLVENCY")
                .containsEntry("automatic", false);
        String writeOffId = (String) writeOff.get("writeOffId");
        assertThat(writeOffId).isNotBlank();

        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("status", equalTo("WRITTEN_OFF"))
                .body("openAmount", equalTo("0.00"))
                .body("writtenOff", equalTo("120.00"))
                .body("writeOffs", hasSize(1))
                .body("writeOffs[0].writeOffId", equalTo(writeOffId))
                .body("writeOffs[0].amount", equalTo("120.00"))
                .body("writeOffs[0].automatic", equalTo(false))
                .body("writeOffs[0].reversed", equalTo(false));

        json().auth().oauth2(SUE).body("{\"reasonCode\": \"INSOLVENCY\", \"reason\": \"twice\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(422)
                .body("code", equalTo("NOTHING_TO_WRITE_OFF"));

        ExtractableResponse<Response> reversed = json().auth().oauth2(SUE)
                .body("{\"reason\": \"customer paid after all\"}")
                .post("/accounts/{c}/write-offs/{w}/reversal", customer, writeOffId).then()
                .statusCode(200)
                .extract();
        List<Map<String, Object>> reversals = eventsOfType(reversed, "InvoiceWriteOffReversed");
        assertThat(reversals).hasSize(1);
        assertThat(data(reversals.getFirst())).containsEntry("writeOffId", writeOffId)
                .containsEntry("amount", "120.00").containsEntry("reversedBy", "sue.supervisor");
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("status", equalTo("OPEN"))
                .body("openAmount", equalTo("120.00"))
                .body("writeOffs[0].reversed", equalTo(true));

        json().auth().oauth2(SUE).body("{\"reason\": \"again\"}")
                .post("/accounts/{c}/write-offs/{w}/reversal", customer, writeOffId).then()
                .statusCode(422)
                .contentType("application/problem+json")
                .body("code", equalTo("WRITE_OFF_ALREADY_REVERSED"));
        json().auth().oauth2(SUE).body("{\"reason\": \"never was\"}")
                .post("/accounts/{c}/write-offs/{w}/reversal", customer, "WO-999").then()
                .statusCode(404)
                .body("code", equalTo("UNKNOWN_WRITE_OFF"));

        try (TopicReader events = new TopicReader(bootstrapServers(), LedgerApi.EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> events.forKey(customer).stream()
                    .anyMatch(r -> "io.ledgerline.receivables.InvoiceWriteOffReversed.v1".equals(header(r, "ce_type"))));
            List<ConsumerRecord<byte[], byte[]>> mine = events.forKey(customer);
            List<String> types = mine.stream().map(r -> header(r, "ce_type")).toList();
            assertThat(types).containsSubsequence("io.ledgerline.receivables.InvoiceIssued.v1",
                    "io.ledgerline.receivables.InvoiceWrittenOff.v1",
                    "io.ledgerline.receivables.InvoiceWriteOffReversed.v1");
            ConsumerRecord<byte[], byte[]> published = mine.stream()
                    .filter(r -> "io.ledgerline.receivables.InvoiceWrittenOff.v1".equals(header(r, "ce_type")))
                    .findFirst().orElseThrow();
            assertThat(header(published, "ce_subject")).isEqualTo("account-" + customer);
            var payload = EventJson.readTree(published.value());
            assertThat(payload.get("invoiceId").asText()).isEqualTo(invoiceId);
            assertThat(payload.get("writeOffId").asText()).isEqualTo(writeOffId);
            assertThat(payload.get("amount").asText()).isEqualTo("120.00");
            assertThat(payload.get("role").asText()).isEqualTo("supervisor");
            assertThat(payload.get("reason").asText()).isEqualTo("customer insolvent");
        }
    }

    @Test
    void unknown_invoices_and_customers_are_404() {
        givenInvoice("A", "100.00");

        json().auth().oauth2(SUE).body("{\"reasonCode\": \"INSOLVENCY\", \"reason\": \"x\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, "INV-NOT-THERE").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("code", equalTo("UNKNOWN_INVOICE"));
        json().body("{\"amount\": \"5.00\", \"reason\": \"x\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, "INV-NOT-THERE").then()
                .statusCode(404)
                .body("code", equalTo("UNKNOWN_INVOICE"));
        json().body("{\"sourceKind\": \"PAYMENT\", \"sourceId\": \"PAY-NONE\", \"invoiceId\": \"INV-NOT-THERE\","
                        + " \"amount\": \"5.00\"}")
                .post("/accounts/{c}/applications", customer).then()
                .statusCode(404)
                .body("code", equalTo("UNKNOWN_PAYMENT"));

        String nobody = "C-NOBODY-" + customer;
        json().body("{\"amount\": \"5.00\", \"reason\": \"x\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", nobody, "INV-1").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_CUSTOMER"));
        json().body("{\"policy\": \"LEAVE_UNAPPLIED\"}")
                .put("/accounts/{c}/cash-application-policy", nobody).then()
                .statusCode(404)
                .body("code", equalTo("UNKNOWN_CUSTOMER"));
        RestAssured.given().get("/accounts/{c}/aging", nobody).then()
                .statusCode(404)
                .body("code", equalTo("UNKNOWN_CUSTOMER"));
    }

    @Test
    void a_stale_if_match_is_409_and_the_current_one_succeeds() {
        String invoiceId = givenInvoice("A", "100.00");

        long version = json().body("{\"amount\": \"1.00\", \"reason\": \"fee\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(200).extract().jsonPath().getLong("version");

        json().header("If-Match", "\"" + (version - 1) + "\"")
                .body("{\"amount\": \"2.00\", \"reason\": \"fee\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(409)
                .contentType("application/problem+json")
                .body("status", equalTo(409))
                .body("code", equalTo("CONCURRENT_CHANGE"));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("adjustments", equalTo("1.00"));

        json().header("If-Match", "\"" + version + "\"")
                .body("{\"amount\": \"2.00\", \"reason\": \"fee\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(200)
                .body("version", org.hamcrest.Matchers.greaterThan((int) version))
                .header("ETag", org.hamcrest.Matchers.matchesPattern("\"[0-9]+\""));
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("adjustments", equalTo("3.00"));

        json().header("If-Match", "seven")
                .body("{\"amount\": \"2.00\", \"reason\": \"fee\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(400)
                .body("errors[0].field", equalTo("If-Match"));
    }

    /**
     * A command starts from the state kept after the account's last command; ingest writing in between must be seen:
     * the old version is refused, and the decision is made on what ingest wrote.
     */
    @Test
    void a_command_after_ingest_wrote_to_the_account_decides_on_what_ingest_wrote() {
        String invoiceId = givenInvoice("A", "100.00");
        long afterAdjustment = json().body("{\"amount\": \"1.00\", \"reason\": \"fee\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                .statusCode(200).extract().jsonPath().getLong("version");

        String paymentId = LedgerApi.id("PAY", customer, "1");
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, paymentId, "2026-09-20",
                "60.00", "bank transfer", Map.of(invoiceId, "60.00")));
        await().atMost(Duration.ofSeconds(30)).until(() -> RestAssured.given()
                .get("/accounts/{c}/movements?size=1", customer).then().extract().jsonPath().getLong("total")
                > afterAdjustment);
        long current = RestAssured.given().get("/accounts/{c}/movements?size=1", customer).then()
                .extract().jsonPath().getLong("total");

        json().header("If-Match", "\"" + afterAdjustment + "\"")
                .body("{\"amount\": \"1.00\", \"reasonCode\": \"GOODWILL\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(409)
                .body("code", equalTo("CONCURRENT_CHANGE"));
        // 101.00 asked, 60.00 paid: 41.00 open. Decided on the state before the payment, 50.00 would pass.
        json().header("If-Match", "\"" + current + "\"")
                .body("{\"amount\": \"50.00\", \"reasonCode\": \"GOODWILL\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(422)
                .body("code", equalTo("AMOUNT_EXCEEDS_OPEN_AMOUNT"));
        json().header("If-Match", "\"" + current + "\"")
                .body("{\"amount\": \"41.00\", \"reasonCode\": \"GOODWILL\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, invoiceId).then()
                .statusCode(200)
                .body("version", org.hamcrest.Matchers.greaterThan((int) current));
        assertThat(detail(invoiceId).jsonPath().getString("status")).isEqualTo("WRITTEN_OFF");
        assertThat(detail(invoiceId).jsonPath().getString("openAmount")).isEqualTo("0.00");
    }

    @Test
    void two_clerks_with_the_same_version_one_wins_one_gets_409() throws Exception {
        String invoiceId = givenInvoice("A", "100.00");
        long version = RestAssured.given().get("/accounts/{c}/movements?size=1", customer).then().statusCode(200)
                .extract().jsonPath().getLong("total");

        long winnerVersion;
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (String amount : List.of("10.00", "20.00")) {
                Callable<ExtractableResponse<Response>> clerk = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return json().header("If-Match", "\"" + version + "\"")
                            .body("{\"amount\": \"" + amount + "\", \"reason\": \"race\"}")
                            .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceId).then()
                            .extract();
                };
                answers.add(pool.submit(clerk));
            }
            List<ExtractableResponse<Response>> responses = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> answer : answers) {
                responses.add(answer.get(30, TimeUnit.SECONDS));
            }
            assertThat(responses).extracting(ExtractableResponse::statusCode).containsExactlyInAnyOrder(200, 409);
            ExtractableResponse<Response> loser = responses.stream().filter(r -> r.statusCode() == 409).findFirst()
                    .orElseThrow();
            assertThat(loser.contentType()).startsWith("application/problem+json");
            assertThat(loser.jsonPath().getString("code")).isEqualTo("CONCURRENT_CHANGE");
            winnerVersion = responses.stream().filter(r -> r.statusCode() == 200).findFirst().orElseThrow()
                    .jsonPath().getLong("version");
        } finally {
            pool.shutdownNow();
        }

        // Exactly one adjustment is in the ledger, and the account is at the version the winner was told.
        RestAssured.given().get("/accounts/{c}/movements?size=500", customer).then().statusCode(200)
                .body("items.findAll { it.type == 'InvoiceAdjusted' }", hasSize(1))
                .body("total", equalTo((int) winnerVersion));
        String adjustments = detail(invoiceId).jsonPath().getString("adjustments");
        assertThat(adjustments).isIn("10.00", "20.00");
        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceId).then()
                .body("history.type", contains("InvoiceIssued", "InvoiceAdjusted"));
    }
}
