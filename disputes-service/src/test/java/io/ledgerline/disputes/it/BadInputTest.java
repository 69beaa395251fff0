package io.ledgerline.disputes.it;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every endpoint with bad input: problem+json with a 4xx status and the offending field, never a 500 and never a
 * silent acceptance; unknown cases are 404, a case in the wrong state 409 with a detail that says why. Each test
 * walks its endpoints and reports every answer that is not as expected at once.
 */
@QuarkusTest
class BadInputTest extends DisputesTestBase {

    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);

    private final List<String> wrong = new ArrayList<>();

    @AfterEach
    void everyAnswerAsExpected() {
        assertThat(wrong).as("answers that were not as expected").isEmpty();
    }

    @Test
    void opening_a_case_names_each_missing_or_malformed_field() {
        invoice("INV-O", "300.00");
        problem(analyst().post("/disputes"), 400, "MISSING_FIELD", "body");
        problem(analyst().body("{\"customerId\": ").post("/disputes"), 400, "MALFORMED_JSON", "body");
        problem(analyst().body("[1, 2]").post("/disputes"), 400, null, "body");
        problem(analyst().body(open(null, "PRICE", "EUR", "INV-O", "10.00")).post("/disputes"), 400,
                "MISSING_FIELD", "customerId");
        problem(analyst().body(open("C 1", "PRICE", "EUR", "INV-O", "10.00")).post("/disputes"), 400,
                "INVALID_IDENTIFIER", "customerId");
        problem(analyst().body(open(customer, null, "EUR", "INV-O", "10.00")).post("/disputes"), 400,
                "MISSING_FIELD", "reasonCode");
        problem(analyst().body(open(customer, "BECAUSE", "EUR", "INV-O", "10.00")).post("/disputes"), 400,
                "UNKNOWN_REASON_CODE", "reasonCode");
        problem(analyst().body(open(customer, "PRICE", null, "INV-O", "10.00")).post("/disputes"), 400,
                "MISSING_FIELD", "currency");
        problem(analyst().body(open(customer, "PRICE", "EURO", "INV-O", "10.00")).post("/disputes"), 400,
                "INVALID_CURRENCY", "currency");
        problem(analyst().body(open(customer, "PRICE", "eur", "INV-O", "10.00")).post("/disputes"), 400,
                "INVALID_CURRENCY", "currency");
        problem(analyst().body(open(customer, "PRICE", "XAU", "INV-O", "10.00")).post("/disputes"), 400,
                "INVALID_CURRENCY", "currency");
        problem(analyst().body(open(customer, "PRICE", "USD", "INV-O", "10.00")).post("/disputes"), 422,
                "CURRENCY_MISMATCH", "invoices[0].invoiceId");
        problem(analyst().body(open(customer, "PRICE", "EUR", null, "10.00")).post("/disputes"), 400,
                "MISSING_FIELD", "invoices[0].invoiceId");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV O", "10.00")).post("/disputes"), 400,
                "INVALID_IDENTIFIER", "invoices[0].invoiceId");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", null)).post("/disputes"), 400,
                "MISSING_FIELD", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "-5.00")).post("/disputes"), 400,
                "INVALID_AMOUNT", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "0.00")).post("/disputes"), 400,
                "INVALID_AMOUNT", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "1.005")).post("/disputes"), 400,
                "TOO_MANY_DECIMALS", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "JPY", "INV-O", "10.5")).post("/disputes"), 400,
                "TOO_MANY_DECIMALS", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "ten")).post("/disputes"), 400,
                "INVALID_VALUE", "invoices[0].amount");
        // An amount no invoice can have: refused for its size before anything works with it.
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "1E+20")).post("/disputes"), 400,
                "INVALID_AMOUNT", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "1E+999999999")).post("/disputes"), 400,
                "INVALID_AMOUNT", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "1E-999999999")).post("/disputes"), 400,
                "TOO_MANY_DECIMALS", "invoices[0].amount");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-NOPE", "10.00")).post("/disputes"), 422,
                "UNKNOWN_INVOICE", "invoices[0].invoiceId");
        problem(analyst().body(open(customer, "PRICE", "EUR", "INV-O", "300.01")).post("/disputes"), 422,
                "DISPUTED_MORE_THAN_OPEN", "invoices[0].amount");
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR", "invoices": []}"""
                .formatted(customer)).post("/disputes"), 400, "MISSING_FIELD", "invoices");
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR", "invoices": "INV-O"}"""
                .formatted(customer)).post("/disputes"), 400, "INVALID_VALUE", "invoices");
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR", "invoices": [null]}"""
                .formatted(customer)).post("/disputes"), 400, "MISSING_FIELD", "invoices[0]");
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR",
                         "invoices": [{"invoiceId": "INV-O", "amount": "1.00"}, {"invoiceId": "INV-O", "amount": "2.00"}]}"""
                .formatted(customer)).post("/disputes"), 400, "DUPLICATE_INVOICE", "invoices[1].invoiceId");
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR", "description": "%s",
                         "invoices": [{"invoiceId": "INV-O", "amount": "1.00"}]}"""
                .formatted(customer, "x".repeat(2001))).post("/disputes"), 400, "TOO_LONG", "description");
        problem(analyst().body(withContact("{\"name\": \"" + "x".repeat(201) + "\"}")).post("/disputes"), 400,
                "TOO_LONG", "contact.name");
        problem(analyst().body(withContact("{\"email\": \"ana@example.com\"}")).post("/disputes"), 400,
                "MISSING_FIELD", "contact.name");
        problem(analyst().body(withContact("{\"name\": \"Ana\", \"email\": \"" + "x".repeat(10_000) + "\"}"))
                .post("/disputes"), 400, "TOO_LONG", "contact.email");
        problem(analyst().body(withContact("{\"name\": \"Ana\", \"phone\": \"" + "1".repeat(10_000) + "\"}"))
                .post("/disputes"), 400, "TOO_LONG", "contact.phone");
        problem(analyst().body(withContact("{\"name\": \"Ana\", \"role\": \"" + "x".repeat(10_000) + "\"}"))
                .post("/disputes"), 400, "TOO_LONG", "contact.role");
        problem(analyst().body(withContact("\"Ana\"")).post("/disputes"), 400, "INVALID_VALUE", "contact");
        // The person is the caller: a body that names someone else is refused, never silently ignored.
        problem(analyst().body("""
                        {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR", "by": "someone.else",
                         "invoices": [{"invoiceId": "INV-O", "amount": "1.00"}]}"""
                .formatted(customer)).post("/disputes"), 400, "FIELD_NOT_ALLOWED", "by");
        problem(analyst().contentType(ContentType.TEXT).body("hello").post("/disputes"), 415, null, null);
    }

    @Test
    void lists_and_reads_name_their_bad_parameters_and_unknown_cases_are_404() {
        problem(RestAssured.given().get("/disputes?status=LOST"), 400, "INVALID_FIELD", "status");
        problem(RestAssured.given().get("/disputes?reasonCode=PRCE"), 400, "UNKNOWN_REASON_CODE", "reasonCode");
        problem(RestAssured.given().get("/disputes?limit=0"), 400, "INVALID_FIELD", "limit");
        problem(RestAssured.given().get("/disputes?limit=1001"), 400, "INVALID_FIELD", "limit");
        problem(RestAssured.given().get("/disputes?limit=ten"), 400, "INVALID_FIELD", "limit");
        problem(RestAssured.given().get("/disputes?limit=99999999999"), 400, "INVALID_FIELD", "limit");
        problem(RestAssured.given().get("/disputes?customerId=C 1"), 400, "INVALID_IDENTIFIER", "customerId");
        problem(RestAssured.given().get("/disputes?owner=" + "x".repeat(201)), 400, "TOO_LONG", "owner");
        problem(RestAssured.given().get("/disputes/{d}", "DSP-NONE"), 404, "UNKNOWN_DISPUTE", "disputeId");
        problem(RestAssured.given().get("/disputes/{d}", "x".repeat(65)), 400, "INVALID_IDENTIFIER", "disputeId");
        problem(RestAssured.given().get("/disputes/{d}", "DSP 1"), 400, "INVALID_IDENTIFIER", "disputeId");
        problem(RestAssured.given().get("/disputes/{d}/evidence/{e}", "DSP-NONE", "E-1"), 404, "UNKNOWN_EVIDENCE",
                "evidenceId");
        problem(RestAssured.given().get("/disputes/{d}/evidence/{e}", "DSP-NONE", "E 1"), 400, "INVALID_IDENTIFIER",
                "evidenceId");
    }

    @Test
    void commands_on_a_case_name_their_bad_fields_and_unknown_cases_are_404() {
        invoice("INV-C", "300.00");
        String id = openCase("INV-C", "100.00");

        for (String path : List.of("review", "escalation", "notes", "resolution", "resolution/approval",
                "resolution/decline", "closure", "withdrawal", "reopening")) {
            problem(analystOrSupervisor(path).body("{\"text\": \"x\", \"to\": \"x\", \"reason\": \"x\","
                    + " \"outcome\": \"REJECTED\"}").post("/disputes/{d}/" + path, "DSP-NONE"), 404,
                    "UNKNOWN_DISPUTE", "disputeId");
            problem(analystOrSupervisor(path).body("{}").post("/disputes/{d}/" + path, "DSP 1"), 400,
                    "INVALID_IDENTIFIER", "disputeId");
            if (!path.equals("review")) { // taking a case into review reads no body
                problem(analystOrSupervisor(path).body("{\"reason\": ").post("/disputes/{d}/" + path, id), 400,
                        "MALFORMED_JSON", "body");
            }
        }
        problem(analyst().body("{\"owner\": \"x\"}").put("/disputes/{d}/owner", "DSP-NONE"), 404,
                "UNKNOWN_DISPUTE", "disputeId");

        problem(analyst().put("/disputes/{d}/owner", id), 400, "MISSING_FIELD", "body");
        problem(analyst().body("{\"reason\": \"holiday\"}").put("/disputes/{d}/owner", id), 400, "MISSING_FIELD", "owner");
        problem(analyst().body("{\"owner\": \" \"}").put("/disputes/{d}/owner", id), 400, "MISSING_FIELD", "owner");
        problem(analyst().body("{\"owner\": \"" + "x".repeat(201) + "\"}").put("/disputes/{d}/owner", id), 400,
                "TOO_LONG", "owner");
        problem(analyst().body("{\"owner\": [\"x\"]}").put("/disputes/{d}/owner", id), 400, "INVALID_VALUE", "owner");
        problem(analyst().body("{\"owner\": \"x\", \"by\": \"someone.else\"}").put("/disputes/{d}/owner", id), 400,
                "FIELD_NOT_ALLOWED", "by");

        problem(analyst().post("/disputes/{d}/escalation", id), 400, "MISSING_FIELD", "body");
        problem(analyst().body("{\"reason\": \"late\"}").post("/disputes/{d}/escalation", id), 400, "MISSING_FIELD", "to");
        problem(analyst().body("{\"to\": \"leads\"}").post("/disputes/{d}/escalation", id), 400, "MISSING_FIELD", "reason");
        problem(analyst().body("{\"to\": \"leads\", \"reason\": \"" + "x".repeat(2001) + "\"}")
                .post("/disputes/{d}/escalation", id), 400, "TOO_LONG", "reason");

        problem(analyst().post("/disputes/{d}/notes", id), 400, "MISSING_FIELD", "body");
        problem(analyst().body("{}").post("/disputes/{d}/notes", id), 400, "MISSING_FIELD", "text");
        problem(analyst().body("{\"text\": \"" + "x".repeat(10_001) + "\"}").post("/disputes/{d}/notes", id), 400,
                "TOO_LONG", "text");
        problem(analyst().body("{\"text\": \"x\", \"by\": {\"subject\": \"someone.else\"}}")
                .post("/disputes/{d}/notes", id), 400, "FIELD_NOT_ALLOWED", "by");

        problem(supervisor().post("/disputes/{d}/resolution/decline", id), 400, "MISSING_FIELD", "body");
        problem(supervisor().body("{\"resolutionId\": \"R 1\", \"reason\": \"x\"}")
                .post("/disputes/{d}/resolution/decline", id), 400, "INVALID_IDENTIFIER", "resolutionId");
        problem(supervisor().body("{}").post("/disputes/{d}/resolution/decline", id), 400, "MISSING_FIELD", "reason");
        problem(supervisor().body("{\"resolutionId\": \"R 1\"}").post("/disputes/{d}/resolution/approval", id), 400,
                "INVALID_IDENTIFIER", "resolutionId");

        problem(analyst().body("{\"note\": \"" + "x".repeat(2001) + "\"}").post("/disputes/{d}/withdrawal", id), 400,
                "TOO_LONG", "note");
        problem(analyst().body("{\"note\": \"" + "x".repeat(2001) + "\"}").post("/disputes/{d}/closure", id), 400,
                "TOO_LONG", "note");
        problem(analyst().post("/disputes/{d}/reopening", id), 400, "MISSING_FIELD", "body");

        problem(analyst().header("If-Match", "yesterday").post("/disputes/{d}/review", id), 400, "INVALID_FIELD",
                "If-Match");
        problem(analyst().header("If-Match", "\"1\"").post("/disputes/{d}/review", id), 409, "CONCURRENT_CHANGE", null);
        problem(analyst().header("If-Match", "\"1\"").body("{\"text\": \"x\"}").post("/disputes/{d}/notes", id), 409,
                "CONCURRENT_CHANGE", null);
        // Nothing of the above was recorded: the case is as it was opened.
        RestAssured.given().get("/disputes/{d}", id).then().statusCode(200).header("ETag", "\"2\"");
        // If-Match: * (RFC 9110: any version of a case that exists) is no malformed version.
        analyst().header("If-Match", "*").body("{\"text\": \"x\"}").post("/disputes/{d}/notes", id).then()
                .statusCode(200).header("ETag", "\"3\"");
        problem(analyst().header("If-Match", "*").body("{\"text\": \"x\"}").post("/disputes/{d}/notes", "DSP-NONE"),
                404, "UNKNOWN_DISPUTE", "disputeId");
    }

    @Test
    void a_resolution_names_its_bad_fields_and_never_credits_more_than_is_disputed() {
        invoice("INV-R", "500.00");
        invoice("INV-R2", "500.00");
        String id = openCase("INV-R", "100.00");
        String resolve = "/disputes/{d}/resolution";

        problem(analyst().post(resolve, id), 400, "MISSING_FIELD", "body");
        problem(analyst().body("{\"reason\": \"x\"}").post(resolve, id), 400, "MISSING_FIELD", "outcome");
        problem(analyst().body("{\"outcome\": \"MAYBE\", \"reason\": \"x\"}").post(resolve, id), 400,
                "INVALID_VALUE", "outcome");
        problem(analyst().body("{\"outcome\": \"ACCEPTED\"}").post(resolve, id), 400, "MISSING_FIELD", "reason");
        problem(analyst().body("{\"outcome\": \"ACCEPTED\", \"reason\": \"" + "x".repeat(2001) + "\"}")
                .post(resolve, id), 400, "TOO_LONG", "reason");
        problem(analyst().body("{\"outcome\": \"PARTIALLY_ACCEPTED\", \"reason\": \"x\", \"invoices\": 5}")
                .post(resolve, id), 400, "INVALID_VALUE", "invoices");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", null, "10.00")).post(resolve, id), 400,
                "MISSING_FIELD", "invoices[0].invoiceId");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", null)).post(resolve, id), 400,
                "MISSING_FIELD", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "-1.00")).post(resolve, id), 400,
                "INVALID_AMOUNT", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "10.001")).post(resolve, id), 400,
                "TOO_MANY_DECIMALS", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "lots")).post(resolve, id), 400,
                "INVALID_VALUE", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "1E+999999999")).post(resolve, id), 400,
                "INVALID_AMOUNT", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "100.01")).post(resolve, id), 422,
                "CREDIT_EXCEEDS_DISPUTED", "invoices[0].creditAmount");
        problem(analyst().body(credit("ACCEPTED", "INV-R", "100.01")).post(resolve, id), 422,
                "CREDIT_EXCEEDS_DISPUTED", "invoices[0].creditAmount");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R2", "10.00")).post(resolve, id), 422,
                "INVOICE_NOT_DISPUTED", "invoices[0].invoiceId");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "100.00")).post(resolve, id), 422,
                "PARTIAL_CREDIT_REQUIRED", "invoices");
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "0.00")).post(resolve, id), 422,
                "PARTIAL_CREDIT_REQUIRED", "invoices");
        problem(analyst().body(credit("REJECTED", "INV-R", "1.00")).post(resolve, id), 422,
                "REJECTED_WITH_CREDIT", "invoices");
        problem(analyst().body(credit("ACCEPTED", "INV-R", "50.00")).post(resolve, id), 422,
                "ACCEPTED_CREDITS_DISPUTED", "outcome");
        problem(analyst().body("""
                        {"outcome": "PARTIALLY_ACCEPTED", "reason": "x", "invoices": [
                         {"invoiceId": "INV-R", "creditAmount": "1.00"}, {"invoiceId": "INV-R", "creditAmount": "1.00"}]}""")
                .post(resolve, id), 400, "DUPLICATE_INVOICE", "invoices[1].invoiceId");
        problem(supervisor().body("{}").post("/disputes/{d}/resolution/approval", id), 409, "NO_PENDING_RESOLUTION", null);
        problem(supervisor().body("{\"reason\": \"x\"}").post("/disputes/{d}/resolution/decline", id), 409,
                "NO_PENDING_RESOLUTION", null);
        // Nothing of the above was recorded.
        RestAssured.given().get("/disputes/{d}", id).then().statusCode(200).header("ETag", "\"2\"");

        // A reopened case credits at most what the new round disputes.
        analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "40.00")).post(resolve, id).then().statusCode(200);
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "1.00")).post(resolve, id), 409,
                "DISPUTE_NOT_ACTIVE", null);
        problem(analyst().body("{\"reason\": \"x\", \"invoices\": [{\"invoiceId\": \"INV-R\", \"amount\": \"1.001\"}]}")
                .post("/disputes/{d}/reopening", id), 400, "TOO_MANY_DECIMALS", "invoices[0].amount");
        problem(analyst().body("{\"reason\": \"x\", \"invoices\": [{\"invoiceId\": \"INV-R\", \"amount\": \"1E+30\"}]}")
                .post("/disputes/{d}/reopening", id), 400, "INVALID_AMOUNT", "invoices[0].amount");
        problem(analyst().body("{\"reason\": \"x\", \"invoices\": [{\"invoiceId\": \"INV-X\", \"amount\": \"1.00\"}]}")
                .post("/disputes/{d}/reopening", id), 422, "UNKNOWN_INVOICE", "invoices[0].invoiceId");
        problem(analyst().body("{\"invoices\": []}").post("/disputes/{d}/reopening", id), 400, "MISSING_FIELD", "reason");
        analyst().body("{\"reason\": \"customer sent the delivery note\"}").post("/disputes/{d}/reopening", id)
                .then().statusCode(200).body("events[0].data.invoices[0].amount", equalTo("60.00"));
        problem(analyst().body(credit("PARTIALLY_ACCEPTED", "INV-R", "60.01")).post(resolve, id), 422,
                "CREDIT_EXCEEDS_DISPUTED", "invoices[0].creditAmount");
    }

    @Test
    void evidence_over_the_limit_of_a_refused_type_or_not_what_it_claims_is_refused() {
        invoice("INV-E", "300.00");
        String id = openCase("INV-E", "100.00");
        String attach = "/disputes/{d}/evidence?fileName={f}";
        byte[] pdf = "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII);

        problem(as("a", "dispute-analyst").contentType("application/pdf")
                .body(("%PDF-" + "x".repeat(70_000)).getBytes(StandardCharsets.US_ASCII))
                .post(attach, id, "big.pdf"), 422, "EVIDENCE_TOO_LARGE", "body");
        problem(as("a", "dispute-analyst").contentType("application/x-msdownload").body(new byte[]{'M', 'Z', 0, 0})
                .post(attach, id, "invoice.exe"), 422, "UNSUPPORTED_CONTENT_TYPE", "Content-Type");
        problem(as("a", "dispute-analyst").contentType("image/png").body(new byte[]{'M', 'Z', 0, 0})
                .post(attach, id, "photo.png"), 422, "CONTENT_TYPE_MISMATCH", "Content-Type");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(new byte[0])
                .post(attach, id, "empty.pdf"), 400, "EMPTY_EVIDENCE", "body");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post("/disputes/{d}/evidence", id), 400, "INVALID_FILE_NAME", "fileName");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post(attach, id, "../etc/passwd"), 400, "INVALID_FILE_NAME", "fileName");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post(attach, id, "x".repeat(201)), 400, "INVALID_FILE_NAME", "fileName");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post(attach + "&description={t}", id, "note.pdf", "x".repeat(2001)), 400, "TOO_LONG", "description");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf)
                .post(attach, "DSP-NONE", "note.pdf"), 404, "UNKNOWN_DISPUTE", "disputeId");
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf).header("If-Match", "\"1\"")
                .post(attach, id, "note.pdf"), 409, "CONCURRENT_CHANGE", null);
        problem(as("a", "dispute-analyst").contentType("application/pdf").body(pdf).header("If-Match", "one")
                .post(attach, id, "note.pdf"), 400, "INVALID_FIELD", "If-Match");
        // Nothing of the above was recorded.
        RestAssured.given().get("/disputes/{d}", id).then().statusCode(200).header("ETag", "\"2\"");
        problem(RestAssured.given().get("/disputes/{d}/evidence/{e}", id, "E-1"), 404, "UNKNOWN_EVIDENCE", "evidenceId");

        // A name beyond ASCII comes back as it was attached (UTF-8 in filename*), not as question marks.
        as("a", "dispute-analyst").contentType("application/pdf").body(pdf).post(attach, id, "收据 \"ä\".pdf")
                .then().statusCode(201);
        RestAssured.given().get("/disputes/{d}/evidence/{e}", id, "E-1").then().statusCode(200)
                .header("Content-Disposition", equalTo("attachment; filename=\"__ ___.pdf\";"
                        + " filename*=UTF-8''%E6%94%B6%E6%8D%AE%20%22%C3%A4%22.pdf"));
    }

    @Test
    void of_two_uploads_to_one_case_at_once_the_later_gets_409_never_500() throws Exception {
        invoice("INV-U", "300.00");
        String id = openCase("INV-U", "100.00");
        // The first upload's content is written slowly, so the second one decides while the first is not committed:
        // both take evidence id E-1.
        try (AutoCloseable slow = slowInserts("evidence_content", "dispute_id", id, 2)) {
            // Two threads of its own: the common pool may have only one on a small machine, and run them one by one.
            ExecutorService uploads = Executors.newFixedThreadPool(2);
            try {
                Future<Response> first = uploads.submit(() -> upload(id, "first.pdf"));
                Thread.sleep(500);
                Future<Response> second = uploads.submit(() -> upload(id, "second.pdf"));
                Response one = first.get(30, TimeUnit.SECONDS);
                Response other = second.get(30, TimeUnit.SECONDS);
                assertThat(one.statusCode()).as(one.asString()).isEqualTo(201);
                problem(other, 409, "CONCURRENT_CHANGE", null);
            } finally {
                uploads.shutdownNow();
            }
        }
        RestAssured.given().get("/disputes/{d}", id).then().statusCode(200)
                .body("evidence.fileName", org.hamcrest.Matchers.contains("first.pdf"));
    }

    private static Response upload(String disputeId, String fileName) {
        return as("a", "dispute-analyst").contentType("application/pdf")
                .body(("%PDF-1.4\n% " + fileName).getBytes(StandardCharsets.US_ASCII))
                .post("/disputes/{d}/evidence?fileName={f}", disputeId, fileName);
    }

    @Test
    void wrong_state_transitions_are_409_saying_why() {
        invoice("INV-W", "300.00");
        String id = openCase("INV-W", "100.00");

        problem(analyst().body("{}").post("/disputes/{d}/closure", id), 409, "NOT_RESOLVED", null, "is OPEN");
        problem(analyst().body("{\"reason\": \"x\"}").post("/disputes/{d}/reopening", id), 409, "NOT_RESOLVED", null,
                "is OPEN");
        analyst().body("{\"to\": \"leads\", \"reason\": \"big customer\"}").post("/disputes/{d}/escalation", id)
                .then().statusCode(200);
        problem(analyst().body("{\"to\": \"leads\", \"reason\": \"again\"}").post("/disputes/{d}/escalation", id), 409,
                "ALREADY_ESCALATED", null, "already escalated");
        analyst().body("{\"note\": \"customer paid after all\"}").post("/disputes/{d}/withdrawal", id)
                .then().statusCode(200);
        problem(analyst().post("/disputes/{d}/review", id), 409, "DISPUTE_NOT_ACTIVE", null, "is CLOSED");
        problem(analyst().body("{\"note\": \"x\"}").post("/disputes/{d}/withdrawal", id), 409, "DISPUTE_NOT_ACTIVE",
                null, "is CLOSED");
        problem(analyst().body("{\"to\": \"leads\", \"reason\": \"x\"}").post("/disputes/{d}/escalation", id), 409,
                "DISPUTE_NOT_ACTIVE", null, "is CLOSED");
        problem(analyst().body("{\"outcome\": \"REJECTED\", \"reason\": \"x\"}").post("/disputes/{d}/resolution", id),
                409, "DISPUTE_NOT_ACTIVE", null, "is CLOSED");
        problem(analyst().body("{\"owner\": \"someone\"}").put("/disputes/{d}/owner", id), 409, "DISPUTE_CLOSED", null,
                "closed");
    }

    @Test
    void runs_and_analytics_name_their_bad_dates() {
        problem(RestAssured.given().post("/sla-runs?asOf=someday"), 400, "INVALID_DATE", "asOf");
        problem(RestAssured.given().post("/sla-runs?asOf=2026-11-17"), 400, "AS_OF_IN_FUTURE", "asOf");
        problem(RestAssured.given().post("/sla-runs?asOf=2026-02-30"), 400, "INVALID_DATE", "asOf");
        problem(RestAssured.given().get("/analytics/open?asOf=16.11.2026"), 400, "INVALID_DATE", "asOf");
        for (String report : List.of("cycle-times", "outcomes", "credits")) {
            problem(RestAssured.given().get("/analytics/" + report + "?from=yesterday"), 400, "INVALID_DATE", "from");
            problem(RestAssured.given().get("/analytics/" + report + "?to=2026-13-01"), 400, "INVALID_DATE", "to");
            problem(RestAssured.given().get("/analytics/" + report + "?from=2026-11-02&to=2026-11-01"), 400,
                    "INVALID_DATE", "from");
            problem(RestAssured.given().get("/analytics/" + report + "?from=-999999999-01-01&to=2026-11-16"),
                    400, "DATE_OUT_OF_RANGE", "from");
            problem(RestAssured.given().get("/analytics/" + report + "?to=+999999999-12-31"), 400,
                    "DATE_OUT_OF_RANGE", "to");
        }
        problem(RestAssured.given().get("/analytics/open?asOf=+999999999-12-31"), 400, "DATE_OUT_OF_RANGE", "asOf");
        problem(RestAssured.given().post("/sla-runs?asOf=-999999999-01-01"), 400, "DATE_OUT_OF_RANGE", "asOf");
        problem(RestAssured.given().post("/admin/quarantine/{c}/replay", "C 1"), 400, "INVALID_IDENTIFIER", "customerId");
        problem(RestAssured.given().post("/admin/quarantine/{c}/replay", customer), 404, "NOT_QUARANTINED", null);
    }

    // --- helpers

    private void invoice(String invoiceId, String amount) {
        publish(new ReceivablesEvent.InvoiceIssued(customer, invoiceId, OCT_1, OCT_1.plusDays(30), "EUR",
                new BigDecimal(amount), null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> "DISPUTED_MORE_THAN_OPEN".equals(analyst()
                .body(open(customer, "PRICE", "EUR", invoiceId, "999999999")).post("/disputes").then().extract()
                .path("code")));
    }

    private String openCase(String invoiceId, String amount) {
        return analyst().body(open(customer, "PRICE", "EUR", invoiceId, amount)).post("/disputes").then()
                .statusCode(201).header("ETag", "\"2\"").extract().path("disputeId");
    }

    private static RequestSpecification analyst() {
        return as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON);
    }

    private static RequestSpecification supervisor() {
        return as("sup.ines", "supervisor").contentType(ContentType.JSON);
    }

    private static RequestSpecification analystOrSupervisor(String path) {
        return path.startsWith("resolution/") ? supervisor() : analyst();
    }

    private static String open(String customerId, String reasonCode, String currency, String invoiceId, String amount) {
        return """
                {"customerId": %s, "reasonCode": %s, "description": "price list not applied", "currency": %s,
                 "invoices": [{"invoiceId": %s, "amount": %s}], "contact": {"name": "Ana Ruiz"}}"""
                .formatted(text(customerId), text(reasonCode), text(currency), text(invoiceId), text(amount));
    }

    private String withContact(String contact) {
        return """
                {"customerId": "%s", "reasonCode": "PRICE", "currency": "EUR",
                 "invoices": [{"invoiceId": "INV-O", "amount": "1.00"}], "contact": %s}""".formatted(customer, contact);
    }

    private static String credit(String outcome, String invoiceId, String amount) {
        return """
                {"outcome": "%s", "reason": "the price list applies", "invoices": [{"invoiceId": %s, "creditAmount": %s}]}"""
                .formatted(outcome, text(invoiceId), text(amount));
    }

    private static String text(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    private void problem(Response response, int status, String code, String field) {
        problem(response, status, code, field, null);
    }

    /** Checks one answer; a wrong one is noted with what came back, and the test goes on to the next. */
    private void problem(Response response, int status, String code, String field, String detailSays) {
        try {
            var then = response.then().statusCode(status).contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(status));
            if (code != null) {
                then.body("code", equalTo(code));
            }
            if (field != null) {
                then.body("errors[0].field", equalTo(field));
            }
            if (detailSays != null) {
                then.body("detail", containsString(detailSays));
            }
        } catch (AssertionError e) {
            String body = response.asString();
            wrong.add("expected " + status + " " + code + " " + field + ", got " + response.statusCode() + " "
                    + response.contentType() + " " + (body.length() > 300 ? body.substring(0, 300) + "…" : body));
        }
    }
}
