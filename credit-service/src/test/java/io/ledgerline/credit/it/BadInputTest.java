package io.ledgerline.credit.it;

import io.ledgerline.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Every bad input gets problem+json naming the field; unknown things are 404; nothing answers 500. */
@QuarkusTest
class BadInputTest extends CreditTestBase {

    @Test
    void a_credit_check_names_each_missing_or_malformed_field() {
        problem(json().body(Map.of("customerId", customer, "amount", "10.00", "currency", "EUR"))
                .post("/credit-checks"), 400, "MISSING_FIELD", "orderId");
        problem(json().body(Map.of("orderId", "SO 1", "customerId", customer, "amount", "10.00", "currency", "EUR"))
                .post("/credit-checks"), 400, "INVALID_IDENTIFIER", "orderId");
        problem(json().body(Map.of("orderId", "SO-1", "amount", "10.00", "currency", "EUR"))
                .post("/credit-checks"), 400, "MISSING_FIELD", "customerId");
        problem(json().body(Map.of("orderId", "SO-1", "customerId", customer, "currency", "EUR"))
                .post("/credit-checks"), 400, "MISSING_FIELD", "amount");
        problem(json().body(Map.of("orderId", "SO-1", "customerId", customer, "amount", "10.00", "currency", "EURO"))
                .post("/credit-checks"), 400, "INVALID_CURRENCY", "currency");
        problem(json().body(Map.of("orderId", "SO-1", "customerId", customer, "amount", "-5.00", "currency", "EUR"))
                .post("/credit-checks"), 400, "INVALID_AMOUNT", "amount");
        problem(json().body(Map.of("orderId", "SO-1", "customerId", customer, "amount", "1.005", "currency", "EUR"))
                .post("/credit-checks"), 400, "TOO_MANY_DECIMALS", "amount");
        problem(json().body(Map.of("orderId", "SO-1", "customerId", customer, "amount", "ten", "currency", "EUR"))
                .post("/credit-checks"), 400, "INVALID_VALUE", "amount");
        problem(json().body("{\"orderId\": ").post("/credit-checks"), 400, "MALFORMED_JSON", "body");
        problem(json().post("/credit-checks"), 400, "MISSING_FIELD", "body");
    }

    @Test
    void a_check_for_a_customer_credit_knows_nothing_about_is_a_documented_policy_decision() {
        json().body(Map.of("orderId", customer + "-1", "customerId", customer, "amount", "10.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("REJECTED"))
                .body("reasons[0].code", equalTo("NO_CREDIT_LIMIT"));
        // The same order id for another customer is refused: order ids are unique.
        problem(json().body(Map.of("orderId", customer + "-1", "customerId", customer + "X", "amount", "10.00",
                "currency", "EUR")).post("/credit-checks"), 409, "ORDER_ID_IN_USE", null);
        // That check's group was rolled back whole (its claim failed in SQL before COMMIT): nothing of it was recorded
        // for the other customer, who is checked normally afterwards.
        problem(RestAssured.get("/customers/{c}", customer + "X"), 404, "UNKNOWN_CUSTOMER", null);
        json().body(Map.of("orderId", customer + "X-2", "customerId", customer + "X", "amount", "10.00",
                        "currency", "EUR")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("REJECTED")).body("repeated", equalTo(false));
        // The same order again with another amount is refused too.
        problem(json().body(Map.of("orderId", customer + "-1", "customerId", customer, "amount", "11.00",
                "currency", "EUR")).post("/credit-checks"), 409, "ORDER_ID_IN_USE", null);
    }

    @Test
    void unknown_customers_orders_applications_and_holds_are_404() {
        problem(RestAssured.get("/customers/{c}", customer), 404, "UNKNOWN_CUSTOMER", null);
        problem(RestAssured.get("/customers/{c}/exposure", customer), 404, "UNKNOWN_CUSTOMER", null);
        problem(RestAssured.get("/orders/{o}", "NO-SUCH-ORDER"), 404, "UNKNOWN_ORDER", null);
        problem(analyst().body(Map.of("reason", "x")).post("/orders/{o}/release", "NO-SUCH-ORDER"), 404,
                "UNKNOWN_ORDER", null);
        analyst().body(Map.of("limit", "1000.00", "reason", "opening")).put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(200);
        problem(RestAssured.get("/customers/{c}/applications/{a}", customer, "APP-X"), 404, "UNKNOWN_APPLICATION", null);
        problem(analyst().body(Map.of("note", "x")).post("/customers/{c}/holds/{h}/release", customer, "H-9"), 404,
                "UNKNOWN_HOLD", null);
        problem(RestAssured.get("/credit-groups/{g}", "NO-GROUP"), 404, "UNKNOWN_GROUP", null);
    }

    @Test
    void analysts_commands_name_their_bad_fields_and_need_a_caller() {
        problem(RestAssured.given().auth().none().contentType("application/json")
                        .body(Map.of("limit", "1000.00", "reason", "opening")).put("/customers/{c}/limits/EUR", customer),
                401, "AUTHENTICATION_REQUIRED", null);
        problem(as("clerk.anna", Roles.AR_CLERK).body(Map.of("limit", "1000.00", "reason", "opening"))
                .put("/customers/{c}/limits/EUR", customer), 403, "ROLE_REQUIRED", null);
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "opening", "by", "someone.else"))
                .put("/customers/{c}/limits/EUR", customer), 400, "FIELD_NOT_ALLOWED", "by");
        problem(analyst().body(Map.of("reason", "opening")).put("/customers/{c}/limits/EUR", customer), 400,
                "MISSING_FIELD", "limit");
        problem(analyst().body(Map.of("limit", "1000.00")).put("/customers/{c}/limits/EUR", customer), 400,
                "MISSING_FIELD", "reason");
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x")).put("/customers/{c}/limits/XYZ", customer),
                400, "INVALID_CURRENCY", "currency");
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x")).put("/customers/{c}/limits/JPY", customer),
                400, "NO_EXCHANGE_RATE", "currency");
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x", "validFrom", "2026-11-01"))
                .put("/customers/{c}/limits/EUR", customer), 400, "DATE_IN_THE_PAST", "validFrom");
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x", "validFrom", "yesterday"))
                .put("/customers/{c}/limits/EUR", customer), 400, "INVALID_VALUE", "validFrom");
        problem(analyst().body(Map.of("limit", "2000.00", "reason", "x"))
                .post("/customers/{c}/limits/EUR/temporary-increases", customer), 400, "MISSING_FIELD", "validTo");
        problem(analyst().body(Map.of("currency", "EUR", "requestedLimit", "1000.00"))
                .post("/customers/{c}/applications", customer), 400, "MISSING_FIELD", "applicationId");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR"))
                .post("/customers/{c}/applications", customer), 400, "MISSING_FIELD", "requestedLimit");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "financials", Map.of("annualRevenue", "-1")))
                .post("/customers/{c}/applications", customer), 400, "INVALID_AMOUNT", "financials.annualRevenue");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "tradeReferences", java.util.List.of(Map.of("contact", "x"))))
                .post("/customers/{c}/applications", customer), 400, "MISSING_FIELD", "tradeReferences[].company");
        problem(analyst().body(Map.of("decision", "MAYBE", "reason", "x"))
                .post("/customers/{c}/applications/{a}/decision", customer, "A-1"), 400, "INVALID_VALUE", "decision");
        problem(analyst().body(Map.of("members", java.util.List.of("C-2")))
                .put("/credit-groups/{g}", "G-1"), 400, "MISSING_FIELD", "parentId");
        problem(RestAssured.given().post("/daily-runs?asOf=2027-01-01"), 400, "DATE_IN_THE_FUTURE", "asOf");
        problem(RestAssured.given().get("/queues/held-orders?size=0"), 400, "INVALID_FIELD", "size");
        problem(RestAssured.given().get("/customers/{c}/exposure?asOf=someday", customer), 400, "INVALID_DATE", "asOf");
    }

    @Test
    void amounts_beyond_fifteen_digits_and_unbounded_figures_are_refused_before_anything_is_recorded() {
        analyst().body(Map.of("limit", "1000.00", "reason", "opening")).put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(200);
        // Recorded, such an order would overflow the held-orders read model and park it for everyone.
        problem(json().body("{\"orderId\": \"" + customer + "-big\", \"customerId\": \"" + customer
                + "\", \"amount\": 1e35, \"currency\": \"EUR\"}").post("/credit-checks"), 400, "INVALID_AMOUNT",
                "amount");
        problem(json().body(Map.of("orderId", customer + "-big2", "customerId", customer,
                "amount", "1000000000000000.00", "currency", "EUR")).post("/credit-checks"), 400, "INVALID_AMOUNT",
                "amount");
        problem(RestAssured.get("/orders/{o}", customer + "-big"), 404, "UNKNOWN_ORDER", null);
        problem(analyst().body(Map.of("applicationId", "A-big", "currency", "EUR", "requestedLimit",
                "10000000000000000")).post("/customers/{c}/applications", customer), 400, "INVALID_AMOUNT",
                "requestedLimit");
        problem(analyst().body(Map.of("applicationId", "A-big", "currency", "EUR", "requestedLimit", "1000.00",
                        "financials", Map.of("annualRevenue", "1e20")))
                .post("/customers/{c}/applications", customer), 400, "INVALID_AMOUNT", "financials.annualRevenue");
        problem(analyst().body(Map.of("applicationId", "A-big", "currency", "EUR", "requestedLimit", "1000.00",
                        "financials", Map.of("netWorth", "100.001")))
                .post("/customers/{c}/applications", customer), 400, "TOO_MANY_DECIMALS", "financials.netWorth");
        problem(analyst().body("{\"applicationId\": \"A-big\", \"currency\": \"EUR\","
                        + " \"requestedLimit\": \"1000.00\", \"financials\": {\"currentRatio\": 1e-30}}")
                .post("/customers/{c}/applications", customer), 400, "INVALID_FIELD", "financials.currentRatio");
        problem(as("manager.mo", Roles.CREDIT_MANAGER).body("{\"importId\": \"I-" + customer + "\","
                        + " \"base\": \"EUR\", \"rateDate\": \"2026-11-30\", \"rates\": {\"USD\": 1e-30}}")
                .post("/exchange-rates"), 400, "INVALID_RATE", "rates.USD");
    }

    @Test
    void query_parameters_that_are_not_numbers_or_known_values_name_the_parameter() {
        problem(RestAssured.get("/customers?page=abc"), 400, "INVALID_FIELD", "page");
        problem(RestAssured.get("/queues/held-orders?size=1.5"), 400, "INVALID_FIELD", "size");
        problem(RestAssured.get("/queues/referred-applications?page=first"), 400, "INVALID_FIELD", "page");
        problem(RestAssured.get("/queues/reviews-due?size=ten"), 400, "INVALID_FIELD", "size");
        problem(RestAssured.get("/customers?riskClass=Z"), 400, "INVALID_VALUE", "riskClass");
        RestAssured.get("/customers?riskClass=B&page=0&size=5").then().statusCode(200).body("size", equalTo(5));
    }

    @Test
    void a_what_if_or_proposal_naming_a_setting_the_policy_does_not_read_is_refused() {
        // A misspelt key changes nothing: accepted, the what-if would compare the policy with itself.
        problem(analyst().body(Map.of("changes", Map.of("rules.past-due.dayz", "10"))).post("/policy/what-if"), 400,
                "INVALID_SETTING", "changes.ledgerline.credit.rules.past-due.dayz");
        problem(analyst().body(Map.of("changes", Map.of("rules.past-due.days", "10"), "customers",
                java.util.List.of("C 1"))).post("/policy/what-if"), 400, "INVALID_IDENTIFIER", "customers[0]");
        problem(as("manager.mo", Roles.CREDIT_MANAGER).body(Map.of("proposalId", "PR-" + customer, "changes",
                        Map.of("rules.past-due.dayz", "10"), "reason", "stricter")).post("/policy/proposals"), 400,
                "INVALID_SETTING", "changes.rules.past-due.dayz");
        problem(as("manager.mo", Roles.CREDIT_MANAGER).get("/policy/proposals/{p}", "PR-" + customer), 404,
                "UNKNOWN_PROPOSAL", null);
    }

    @Test
    void free_text_dates_and_scores_beyond_any_sensible_range_are_refused() {
        problem(analyst().body(Map.of("reason", "x".repeat(1001))).post("/customers/{c}/holds", customer), 400,
                "TOO_LONG", "reason");
        problem(analyst().body(Map.of("reason", "x".repeat(100_000))).post("/orders/{o}/release", "SO-1"), 400,
                "TOO_LONG", "reason");
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x", "validFrom", "+999999999-12-31"))
                .put("/customers/{c}/limits/EUR", customer), 400, "DATE_OUT_OF_RANGE", "validFrom");
        // A what-if to the year -999999999 has no year before it to start from: it was a 500.
        problem(analyst().body(Map.of("to", "-999999999-01-01", "changes", Map.of("rules.past-due.days", "10")))
                .post("/policy/what-if"), 400, "DATE_OUT_OF_RANGE", "to");
        problem(RestAssured.given().queryParam("asOf", "0001-01-01").get("/customers/{c}/exposure", customer), 400,
                "DATE_OUT_OF_RANGE", "asOf");
        problem(as("manager.mo", Roles.CREDIT_MANAGER).body(Map.of("importId", "I-" + customer, "base", "EUR",
                "rateDate", "-999999999-01-01", "rates", Map.of("USD", "0.9"))).post("/exchange-rates"), 400,
                "DATE_OUT_OF_RANGE", "rateDate");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "bureauScore", 700, "bureauScoreDate", "1900-01-01"))
                .post("/customers/{c}/applications", customer), 400, "DATE_OUT_OF_RANGE", "bureauScoreDate");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                "bureauScore", -5)).post("/customers/{c}/applications", customer), 400, "INVALID_FIELD", "bureauScore");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "bureauScore", 700, "bureauScoreDate", TODAY.plusDays(1).toString()))
                .post("/customers/{c}/applications", customer), 400, "DATE_IN_THE_FUTURE", "bureauScoreDate");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "tradeReferences", java.util.List.of(Map.of("company", "X", "yearsKnown", -3))))
                .post("/customers/{c}/applications", customer), 400, "INVALID_FIELD", "tradeReferences[].yearsKnown");
        problem(analyst().body(Map.of("applicationId", "A-1", "currency", "EUR", "requestedLimit", "1000.00",
                        "tradeReferences", java.util.Collections.nCopies(51, Map.of("company", "X"))))
                .post("/customers/{c}/applications", customer), 400, "TOO_MANY", "tradeReferences");
        java.util.List<String> members = java.util.stream.IntStream.rangeClosed(1, 1001)
                .mapToObj(i -> customer + "-" + i).toList();
        problem(analyst().body(Map.of("parentId", customer, "members", members)).put("/credit-groups/{g}",
                "G-" + customer), 400, "TOO_MANY", "members");
        // Nothing of it was recorded: credit still knows nothing of the customer.
        problem(RestAssured.get("/customers/{c}", customer), 404, "UNKNOWN_CUSTOMER", null);
    }

    @Test
    void dates_and_yes_no_of_another_json_type_and_control_characters_are_refused_not_reinterpreted() {
        // "" was taken as no date (a limit from today), 123 as 1970-05-04, 1 as true.
        problem(analyst().body(Map.of("limit", "1000.00", "reason", "x", "validFrom", ""))
                .put("/customers/{c}/limits/EUR", customer), 400, "INVALID_VALUE", "validFrom");
        problem(analyst().body(Map.of("changes", Map.of("rules.past-due.days", "10"), "from", 123, "to", "2026-11-30"))
                .post("/policy/what-if"), 400, "INVALID_VALUE", "from");
        problem(as("sup.sam", Roles.SUPERVISOR).body(Map.of("confirm", 1, "reason", "x"))
                .post("/customers/{c}/applications/{a}/second-approval", customer, "A-1"), 400, "INVALID_VALUE",
                "confirm");
        // A NUL cannot be stored in PostgreSQL's JSON: it was a 500.
        problem(analyst().body(Map.of("reason", "on hold\u0000")).post("/customers/{c}/holds", customer), 400,
                "INVALID_CHARACTER", "reason");
        problem(as("manager.mo", Roles.CREDIT_MANAGER).body(Map.of("proposalId", "PR-" + customer, "changes",
                        Map.of("policy.name", "strict\u0000"), "reason", "x")).post("/policy/proposals"), 400,
                "INVALID_CHARACTER", "changes.policy.name");
        problem(RestAssured.get("/customers/{c}", customer), 404, "UNKNOWN_CUSTOMER", null);
    }

    private static void problem(io.restassured.response.Response response, int status, String code, String field) {
        ValidatableResponse then = response.then().log().ifValidationFails().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status)).body("code", equalTo(code));
        if (field != null) {
            then.body("errors[0].field", equalTo(field));
        }
    }
}
