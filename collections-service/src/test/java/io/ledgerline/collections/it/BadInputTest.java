package io.ledgerline.collections.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.hamcrest.Matchers.equalTo;

/**
 * Every command answers bad input with problem+json naming the field, unknown cases, customers and letters with 404,
 * a missing caller with 401 and a missing role with 403.
 */
@QuarkusTest
class BadInputTest extends CollectionsTestBase {

    private String openCase() {
        upstream.publish(customerUpdated("DE", "Europe/Berlin"));
        upstream.publish(invoice("INV-1", "1000.00", LocalDate.of(2026, 10, 31)));
        upstream.publish(delinquent(TODAY.minusDays(1), LocalDate.of(2026, 10, 31), "1000.00"));
        return awaitCase();
    }

    private void problem(io.restassured.response.Response response, int status, String code, String field) {
        var then = response.then().statusCode(status).contentType("application/problem+json").body("code", equalTo(code));
        if (field != null) {
            then.body("errors[0].field", equalTo(field));
        }
    }

    @Test
    void commands_name_the_field_at_fault() {
        String caseId = openCase();
        String path = "/cases/" + caseId;
        problem(collector().body("{\"currency\": \"EURO\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 400, "INVALID_CURRENCY", "currency");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.001\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 400, "TOO_MANY_DECIMALS", "amount");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"-5\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 400, "INVALID_AMOUNT", "amount");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-01\"}")
                .post(path + "/promises"), 400, "DATE_IN_PAST", "dueDate");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"abc\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 400, "INVALID_VALUE", "amount");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-20\","
                + " \"invoiceIds\": [\"INV-1\", \"INV-404\"]}").post(path + "/promises"), 422, "UNKNOWN_INVOICE",
                "invoiceIds[1]");
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": [{\"dueDate\": \"2026-11-20\", \"amount\": "
                + "\"100.00\"}, {\"dueDate\": \"2026-11-19\", \"amount\": \"100.00\"}]}").post(path + "/plans"), 400,
                "NOT_IN_ORDER", "instalments[1].dueDate");
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": []}").post(path + "/plans"), 400,
                "MISSING_FIELD", "instalments");
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"VACATION\"}").post(path + "/holds"), 400,
                "UNKNOWN_HOLD_REASON", "reasonCode");
        problem(collector().body("{\"scope\": \"PART_OF_INVOICE\", \"invoiceId\": \"INV-1\", \"reasonCode\": \"LEGAL\"}")
                .post(path + "/holds"), 400, "MISSING_FIELD", "amount");
        problem(collector().body("{\"scope\": \"SOMETIMES\", \"reasonCode\": \"LEGAL\"}").post(path + "/holds"), 400,
                "INVALID_VALUE", "scope");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"OUTBOUND\"}").post(path + "/contacts"), 400,
                "MISSING_FIELD", "outcome");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"OUTBOUND\", \"outcome\": \"REACHED\","
                + " \"contactedAt\": \"2027-01-01T10:00:00Z\"}").post(path + "/contacts"), 400, "DATE_IN_FUTURE",
                "contactedAt");
        problem(collector().body("{\"to\": \"AGENCY\", \"reason\": \"no answer\"}").post(path + "/escalations"), 400,
                "MISSING_FIELD", "handedTo");
        problem(collector().body("{\"invoiceId\": \"INV-1\", \"amount\": \"5000.00\", \"reason\": \"x\"}")
                .post(path + "/write-off-proposals"), 422, "AMOUNT_EXCEEDS_OPEN", "amount");
        problem(collector().body("{\"reason\": \"CURED\"}").post(path + "/closure"), 400, "INVALID_VALUE", "reason");
        problem(as("lee", "supervisor").body("{\"collector\": \"max\"}").post(path + "/assignment"), 400,
                "MISSING_FIELD", "reason");
        problem(collector().body("not json").post(path + "/promises"), 400, "MALFORMED_JSON", "body");
        // The person comes from the token: a body naming someone is refused, not believed.
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-20\","
                + " \"by\": {\"subject\": \"boss\"}}").post(path + "/promises"), 400, "INVALID_VALUE", "by");
        problem(collector().post(path + "/promises"), 400, "MISSING_BODY", "body");
        problem(collector().header("If-Match", "\"abc\"").body("{}").post(path + "/promises"), 400,
                "INVALID_VERSION", "If-Match");
        problem(operator().post("/dunning/runs?asOf=2026-11-11"), 400, "DATE_IN_FUTURE", "asOf");
        problem(operator().post("/dunning/runs?asOf=11/11/2026"), 400, "INVALID_DATE", "asOf");
        problem(RestAssured.given().get("/cases?status=MAYBE"), 400, "INVALID_VALUE", "status");
        problem(RestAssured.given().get("/worklists/jo?limit=0"), 400, "INVALID_VALUE", "limit");
        problem(RestAssured.given().get("/letters/{id}?format=doc", "LTR-1"), 400, "INVALID_VALUE", "format");
    }

    @Test
    void promises_and_plans_above_what_is_open_nulls_in_lists_and_limits_that_are_no_numbers_are_refused() {
        String path = "/cases/" + openCase();
        // 1,000.00 EUR is open on INV-1: more can never be paid toward a promise or plan.
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"1000.01\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 422, "AMOUNT_EXCEEDS_OPEN", "amount");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"1000.01\", \"dueDate\": \"2026-11-20\","
                + " \"invoiceIds\": [\"INV-1\"]}").post(path + "/promises"), 422, "AMOUNT_EXCEEDS_OPEN", "amount");
        // An amount past any real one is bad input: 1e999999999 is refused without being written out.
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": 1e999999999, \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises"), 400, "INVALID_AMOUNT", "amount");
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": [{\"dueDate\": \"2026-11-20\", \"amount\":"
                + " \"600.00\"}, {\"dueDate\": \"2026-12-20\", \"amount\": \"400.01\"}]}").post(path + "/plans"), 422,
                "AMOUNT_EXCEEDS_OPEN", "instalments");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-20\","
                + " \"invoiceIds\": [null]}").post(path + "/promises"), 400, "MISSING_FIELD", "invoiceIds[0]");
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": [{\"dueDate\": \"2026-11-20\", \"amount\":"
                + " \"10.00\"}], \"invoiceIds\": [\"INV-1\", null]}").post(path + "/plans"), 400, "MISSING_FIELD",
                "invoiceIds[1]");
        problem(collector().body("{\"ceaseCommunication\": false, \"optedOutChannels\": [null]}")
                .put("/customers/" + customer + "/contact-preferences"), 400, "INVALID_VALUE", "optedOutChannels");
        problem(collector().body("{\"ceaseCommunication\": true, \"receivedDate\": \"2026-11-11\"}")
                .put("/customers/" + customer + "/contact-preferences"), 400, "DATE_IN_FUTURE", "receivedDate");
        problem(RestAssured.given().get("/cases?limit=abc"), 400, "INVALID_VALUE", "limit");
        problem(RestAssured.given().get("/worklists/jo?limit=1.5"), 400, "INVALID_VALUE", "limit");
        // An amount with a scope that holds the whole invoice (or account) was dropped: more was held than asked.
        problem(collector().body("{\"scope\": \"INVOICE\", \"invoiceId\": \"INV-1\", \"amount\": \"100.00\","
                + " \"reasonCode\": \"LEGAL\"}").post(path + "/holds"), 400, "NOT_ALLOWED", "amount");
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"currency\": \"EUR\", \"reasonCode\": \"LEGAL\"}")
                .post(path + "/holds"), 400, "NOT_ALLOWED", "currency");
        // Exactly what is open is a promise like any other.
        collector().body("{\"currency\": \"EUR\", \"amount\": \"1000.00\", \"dueDate\": \"2026-11-20\"}")
                .post(path + "/promises").then().statusCode(201);
    }

    @Test
    void contacts_honour_if_match_and_overlong_or_malformed_text_is_refused() {
        String path = "/cases/" + openCase();
        String inbound = "{\"channel\": \"PHONE\", \"direction\": \"INBOUND\", \"outcome\": \"REACHED\"}";
        // A contact logged against a case the caller saw at version 1 is as stale as any other command.
        problem(collector().header("If-Match", "\"1\"").body(inbound).post(path + "/contacts"), 409,
                "CONCURRENT_CHANGE", null);
        problem(collector().header("If-Match", "\"1\"").body(inbound).post("/customers/" + customer + "/contacts"),
                409, "CONCURRENT_CHANGE", null);
        String version = RestAssured.given().get(path).then().statusCode(200).extract().header("ETag");
        collector().header("If-Match", version).body(inbound).post(path + "/contacts").then().statusCode(201);
        problem(as("lee", "supervisor").body("{\"collector\": \"jo smith!\", \"reason\": \"x\"}")
                .post(path + "/assignment"), 400, "INVALID_IDENTIFIER", "collector");
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\", \"note\": \""
                + "n".repeat(1001) + "\"}").post(path + "/holds"), 400, "TOO_LONG", "note");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"INBOUND\", \"outcome\": \"REACHED\","
                + " \"notes\": \"" + "n".repeat(4001) + "\"}").post(path + "/contacts"), 400, "TOO_LONG", "notes");
        problem(collector().body("{\"currency\": \"EUR\", \"amount\": \"10.00\", \"dueDate\": \"2026-11-20\","
                + " \"contactId\": \"the call of monday!\"}").post(path + "/promises"), 400, "INVALID_IDENTIFIER",
                "contactId");
        problem(operator().contentType("application/json").body("{\"reason\": \"" + "r".repeat(1001) + "\"}")
                .post("/letters/LTR-any/bounces"), 400, "TOO_LONG", "reason");
    }

    @Test
    void dates_a_run_cannot_work_with_and_endless_plans_are_refused() {
        String path = "/cases/" + openCase();
        // Every run works out an instalment's deadline (due date + grace): past the last date there is none, and the
        // run would fail for the customer day after day.
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": [{\"dueDate\": \"+999999999-12-31\","
                + " \"amount\": \"10.00\"}]}").post(path + "/plans"), 400, "DATE_OUT_OF_RANGE",
                "instalments[0].dueDate");
        StringBuilder daily = new StringBuilder();
        for (int i = 1; i <= 121; i++) {
            daily.append(i == 1 ? "" : ", ").append("{\"dueDate\": \"").append(TODAY.plusDays(i))
                    .append("\", \"amount\": \"1.00\"}");
        }
        problem(collector().body("{\"currency\": \"EUR\", \"instalments\": [" + daily + "]}").post(path + "/plans"),
                400, "TOO_MANY_INSTALMENTS", "instalments");
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\","
                + " \"to\": \"+999999999-12-31\"}").post(path + "/holds"), 400, "DATE_OUT_OF_RANGE", "to");
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\", \"from\": \"0001-01-01\"}")
                .post(path + "/holds"), 400, "DATE_OUT_OF_RANGE", "from");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"INBOUND\", \"outcome\": \"REACHED\","
                + " \"contactedAt\": \"1900-01-01T10:00:00Z\"}").post(path + "/contacts"), 400, "DATE_OUT_OF_RANGE",
                "contactedAt");
        // The contact rules count days around the instant: at the end of time there are none (it was a 500).
        problem(collector().body("{\"channel\": \"PHONE\", \"at\": \"+999999999-12-31T23:59:59Z\"}")
                .post("/customers/" + customer + "/contact-checks"), 400, "DATE_OUT_OF_RANGE", "at");
        problem(operator().post("/dunning/runs?asOf=0001-01-01"), 400, "DATE_OUT_OF_RANGE", "asOf");
        operator().post("/dunning/runs").then().statusCode(200);
    }

    @Test
    void dates_of_another_json_type_and_control_characters_are_refused_not_reinterpreted() {
        String path = "/cases/" + openCase();
        // "" was taken as no date (a hold from today), 123 as 123 seconds after 1970-01-01.
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\", \"from\": \"\"}")
                .post(path + "/holds"), 400, "INVALID_VALUE", "from");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"INBOUND\", \"outcome\": \"REACHED\","
                + " \"contactedAt\": 123}").post(path + "/contacts"), 400, "INVALID_VALUE", "contactedAt");
        // A NUL cannot be stored in PostgreSQL's JSON.
        problem(collector().body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\", \"note\": \"x\\u0000\"}")
                .post(path + "/holds"), 400, "INVALID_CHARACTER", "note");
        problem(collector().body("{\"channel\": \"PHONE\", \"direction\": \"INBOUND\", \"outcome\": \"REACHED\","
                + " \"notes\": \"a\\u0007b\"}").post(path + "/contacts"), 400, "INVALID_CHARACTER", "notes");
    }

    @Test
    void unknown_things_are_404_and_callers_are_checked() {
        String caseId = openCase();
        problem(RestAssured.given().get("/cases/CASE-nope"), 404, "UNKNOWN_CASE", "caseId");
        problem(collector().body("{}").post("/cases/CASE-nope/promises"), 404, "UNKNOWN_CASE", "caseId");
        problem(RestAssured.given().get("/customers/C-nobody/case"), 404, "NO_CASE", "customerId");
        problem(collector().body("{\"ceaseCommunication\": true}").put("/customers/C-nobody/contact-preferences"), 404,
                "UNKNOWN_CUSTOMER", "customerId");
        problem(RestAssured.given().get("/letters/LTR-nope"), 404, "UNKNOWN_LETTER", "letterId");
        problem(collector().body("{}").post("/cases/" + caseId + "/holds/HOLD-nope/release"), 404, "UNKNOWN_HOLD",
                "holdId");
        problem(RestAssured.given().auth().none().contentType("application/json").body("{}")
                .post("/cases/" + caseId + "/promises"), 401, "AUTHENTICATION_REQUIRED", null);
        problem(as("kim", "auditor").body("{}").post("/cases/" + caseId + "/promises"), 403, "ROLE_REQUIRED", null);
        problem(collector().body("{\"collector\": \"max\", \"reason\": \"x\"}").post("/cases/" + caseId + "/assignment"),
                403, "ROLE_REQUIRED", null);
        // A stale version is a conflict, not a lost update.
        problem(collector().header("If-Match", "\"1\"").body("{\"scope\": \"ACCOUNT\", \"reasonCode\": \"LEGAL\"}")
                .post("/cases/" + caseId + "/holds"), 409, "CONCURRENT_CHANGE", null);
    }
}
