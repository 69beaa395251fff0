package io.ledgerline.credit.it;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/**
 * Switching a proposed policy on (an event of the policy log, four eyes) and imported exchange rates, over REST, with
 * problem+json for bad input.
 */
@QuarkusTest
class PolicyAndRatesTest extends CreditTestBase {

    @Test
    void a_proposal_takes_effect_only_when_a_second_credit_manager_switches_it_on_and_the_log_says_who() {
        String id = "P-" + UUID.randomUUID().toString().substring(0, 8);
        String days = Integer.toString(40 + (int) (Math.random() * 20));
        as("analyst.kim", Roles.CREDIT_ANALYST)
                .body(Map.of("proposalId", id, "changes", Map.of("orders.expiry-days", days),
                        "reason", "orders take longer to ship"))
                .post("/policy/proposals").then().statusCode(201)
                .body("status", equalTo("PENDING")).body("proposedBy.subject", equalTo("analyst.kim"));
        // Proposed is not switched on.
        analyst().get("/policy").then().statusCode(200).body("'orders.expiry-days'", equalTo("30"));

        // An analyst may not switch on; the proposer never (four eyes); another credit manager does.
        as("analyst.kim", Roles.CREDIT_ANALYST).body(Map.of("reason", "go"))
                .post("/policy/proposals/{p}/switch-on", id).then().statusCode(403);
        as("analyst.kim", Roles.CREDIT_MANAGER).body(Map.of("reason", "go"))
                .post("/policy/proposals/{p}/switch-on", id).then().statusCode(422)
                .contentType("application/problem+json").body("code", equalTo("FOUR_EYES"));
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("reason", "tested with the what-if"))
                .post("/policy/proposals/{p}/switch-on", id).then().statusCode(200)
                .body("status", equalTo("SWITCHED_ON")).body("decided.by.subject", equalTo("manager.ines"));

        analyst().get("/policy").then().statusCode(200).body("'orders.expiry-days'", equalTo(days));
        analyst().get("/policy/log").then().statusCode(200)
                .body("findAll { it.kind == 'PolicySwitchedOn' }.event.proposalId", hasItem(id));
        // An order checked now stops counting after the new number of days.
        analyst().body(Map.of("limit", "1000.00", "reason", "start")).put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(200);
        json().body(Map.of("orderId", customer + "-1", "customerId", customer, "amount", "10.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                .body("expiresOn", equalTo(TODAY.plusDays(Integer.parseInt(days)).toString()));

        // Put back as configured, so other tests see the default policy (and the way back is an event too).
        String back = id + "-back";
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("proposalId", back,
                        "changes", Map.of("orders.expiry-days", "30"), "reason", "back"))
                .post("/policy/proposals").then().statusCode(201);
        as("manager.olaf", Roles.CREDIT_MANAGER).body(Map.of("reason", "back"))
                .post("/policy/proposals/{p}/switch-on", back).then().statusCode(200);
    }

    @Test
    void bad_proposals_and_decisions_answer_problem_json_naming_the_field() {
        analyst().body(Map.of("proposalId", "P-bad", "changes", Map.of("rules.past-due.days", "soon"), "reason", "x"))
                .post("/policy/proposals").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("changes.rules.past-due.days"));
        analyst().body(Map.of("proposalId", "P-bad", "reason", "x"))
                .post("/policy/proposals").then().statusCode(400).body("errors[0].field", equalTo("changes"));
        analyst().body(Map.of("proposalId", "P-bad", "changes", Map.of("files.cache-size", "1"), "reason", "x"))
                .post("/policy/proposals").then().statusCode(400).body("code", equalTo("NOT_A_POLICY_SETTING"));
        analyst().body(Map.of("proposalId", "P-bad", "changes", Map.of("orders.expiry-days", "9"), "reason", "x",
                        "by", "someone"))
                .post("/policy/proposals").then().statusCode(400).body("errors[0].field", equalTo("by"));
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("reason", "x"))
                .post("/policy/proposals/{p}/switch-on", "P-nowhere").then().statusCode(404)
                .contentType("application/problem+json").body("code", equalTo("UNKNOWN_PROPOSAL"));
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of())
                .post("/policy/proposals/{p}/switch-on", "P-nowhere").then().statusCode(400)
                .body("errors[0].field", equalTo("reason"));
    }

    @Test
    void imported_rates_convert_exposure_with_their_rate_and_date() {
        String importId = "FX-" + UUID.randomUUID().toString().substring(0, 8);
        analyst().body(Map.of("limit", "10000.00", "reason", "start")).put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(200);
        upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-U1", TODAY.minusDays(5),
                TODAY.plusDays(25), "USD", new BigDecimal("1000.00"), null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/customers/{c}/exposure", customer)
                .then().statusCode(200).body("lines[0].currency", equalTo("USD")));

        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", importId, "base", "EUR",
                        "rateDate", TODAY.toString(), "rates", Map.of("USD", "0.9000", "GBP", "1.17", "CHF", "1.06",
                                "SEK", "0.087", "PLN", "0.23"), "source", "ECB reference rates"))
                .post("/exchange-rates").then().statusCode(201)
                .body("rateDate", equalTo(TODAY.toString()));
        RestAssured.get("/customers/{c}/exposure", customer).then().statusCode(200)
                .body("openAr", equalTo("900.00"))
                .body("lines[0].conversion.rate", equalTo("0.900000"))
                .body("lines[0].conversion.rateDate", equalTo(TODAY.toString()));
        // The same import again is a repeat.
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", importId, "base", "EUR",
                        "rateDate", TODAY.toString(), "rates", Map.of("USD", "0.9", "GBP", "1.17", "CHF", "1.06",
                                "SEK", "0.087", "PLN", "0.23"), "source", "ECB reference rates"))
                .post("/exchange-rates").then().statusCode(200);
        analyst().get("/policy/log").then().statusCode(200)
                .body("findAll { it.kind == 'ExchangeRatesImported' }.event.importId", hasItem(importId));

        // The configured rates again, as of today too (a later import of the same date wins).
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", importId + "-back", "base", "EUR",
                        "rateDate", TODAY.toString(), "rates", Map.of("USD", "0.92", "GBP", "1.17", "CHF", "1.06",
                                "SEK", "0.087", "PLN", "0.23")))
                .post("/exchange-rates").then().statusCode(201);
        RestAssured.get("/customers/{c}/exposure", customer).then().statusCode(200).body("openAr", equalTo("920.00"));
    }

    @Test
    void a_customer_whose_limit_currency_lost_its_rate_still_has_a_profile() {
        analyst().body(Map.of("limit", "1000.00", "reason", "opening")).put("/customers/{c}/limits/USD", customer)
                .then().statusCode(200);
        upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-E1", TODAY.minusDays(5),
                TODAY.plusDays(25), "EUR", new BigDecimal("500.00"), null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/customers/{c}/exposure", customer)
                .then().statusCode(200).body("lines[0].currency", equalTo("EUR")));
        String importId = "FX-" + UUID.randomUUID();
        try {
            // Today's import names no USD: the EUR invoice cannot be shown in the limit's USD, and the profile was a
            // 422 as a whole.
            as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", importId, "base", "EUR",
                            "rateDate", TODAY.toString(), "rates", Map.of("GBP", "1.17", "CHF", "1.06", "SEK", "0.087",
                                    "PLN", "0.23")))
                    .post("/exchange-rates").then().statusCode(201);
            RestAssured.get("/customers/{c}", customer).then().statusCode(200)
                    .body("limit.currency", equalTo("USD"))
                    .body("exposure", org.hamcrest.Matchers.nullValue());
            RestAssured.get("/customers/{c}/exposure", customer).then().statusCode(422)
                    .body("code", equalTo("NO_EXCHANGE_RATE"));
        } finally {
            as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", importId + "-back", "base", "EUR",
                            "rateDate", TODAY.toString(), "rates", Map.of("USD", "0.92", "GBP", "1.17", "CHF", "1.06",
                                    "SEK", "0.087", "PLN", "0.23")))
                    .post("/exchange-rates").then().statusCode(201);
        }
        RestAssured.get("/customers/{c}", customer).then().statusCode(200).body("exposure.currency", equalTo("USD"));
    }

    @Test
    void bad_rate_imports_answer_problem_json_naming_the_field() {
        var ops = as("treasury.feed", Roles.OPERATOR);
        ops.body(Map.of("importId", "FX-bad", "base", "EUR", "rateDate", TODAY.plusDays(1).toString(),
                        "rates", Map.of("USD", "0.9")))
                .post("/exchange-rates").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", equalTo("rateDate"));
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", "FX-bad", "base", "EUR",
                        "rateDate", TODAY.toString(), "rates", Map.of("USD", "-0.9")))
                .post("/exchange-rates").then().statusCode(400).body("errors[0].field", equalTo("rates.USD"));
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", "FX-bad", "base", "USD",
                        "rateDate", TODAY.toString(), "rates", Map.of("EUR", "1.1")))
                .post("/exchange-rates").then().statusCode(400).body("errors[0].field", equalTo("base"));
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", "FX-bad", "base", "EUR",
                        "rateDate", "yesterday", "rates", Map.of("USD", "0.9")))
                .post("/exchange-rates").then().statusCode(400).body("errors[0].field", equalTo("rateDate"));
        as("treasury.feed", Roles.OPERATOR).body(Map.of("base", "EUR", "rateDate", TODAY.toString(),
                        "rates", Map.of("USD", "0.9")))
                .post("/exchange-rates").then().statusCode(400).body("errors[0].field", equalTo("importId"));
        as("treasury.feed", Roles.OPERATOR).body(Map.of("importId", "FX-bad", "base", "EUR",
                        "rateDate", TODAY.toString(), "rates", Map.of("USD", "lots")))
                .post("/exchange-rates").then().statusCode(400).contentType("application/problem+json");
    }
}
