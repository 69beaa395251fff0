package io.ledgerline.credit.it;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

/** Applications with their reasons and four eyes, credit groups, and the day's run, over REST. */
@QuarkusTest
class DecisionsAndGroupsTest extends CreditTestBase {

    private Map<String, Object> application(String id, String requested) {
        return Map.of("applicationId", id, "currency", "EUR", "requestedLimit", requested,
                "financials", Map.of("annualRevenue", "4200000", "netWorth", "900000", "currentRatio", "1.6",
                        "yearsInBusiness", 12),
                "tradeReferences", List.of(Map.of("company", "Baltic Pallets AB"), Map.of("company", "Oder Freight"),
                        Map.of("company", "Elbe Steel")),
                "bureauScore", 720, "bureauScoreDate", "2026-11-20");
    }

    @Test
    void an_application_is_scored_with_its_reasons_and_a_large_approval_needs_a_second_person() {
        analyst().body(application("APP-1", "40000.00")).post("/customers/{c}/applications", customer).then()
                .statusCode(201)
                .body("status", equalTo("APPROVED"))
                .body("decisions[0].score", equalTo(735))
                .body("decisions[0].riskClass", equalTo("B"))
                .body("decisions[0].featurePoints", hasSize(12))
                .body("decisions[0].adverseFactors[0].code", equalTo("AVERAGE_DAYS_LATE_MISSING"))
                .body("received.by.subject", equalTo("analyst.kim"));
        RestAssured.get("/customers/{c}", customer).then().statusCode(200)
                .body("riskClass", equalTo("B"))
                .body("limit.amount", equalTo("40000.00"))
                .body("lastDecision.decision", equalTo("APPROVED"));

        // Above the scorecard's own bound: referred, then decided by an analyst above the four-eyes amount.
        analyst().body(application("APP-2", "150000.00")).post("/customers/{c}/applications", customer).then()
                .statusCode(201).body("status", equalTo("REFERRED"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/queues/referred-applications?size=500")
                .then().body("items.applicationId", hasItem("APP-2")));
        as("lead.lee", Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER).body(Map.of("decision", "APPROVED",
                        "limit", "150000.00", "reason", "ten years of prompt payment elsewhere"))
                .post("/customers/{c}/applications/{a}/decision", customer, "APP-2").then().statusCode(200)
                .body("events[0].type", equalTo("CreditApprovalRequested"));

        // A second approval needs a manager's or supervisor's role ...
        analyst().body(Map.of("confirm", true, "reason", "fine"))
                .post("/customers/{c}/applications/{a}/second-approval", customer, "APP-2").then().statusCode(403)
                .body("code", equalTo("ROLE_REQUIRED"));
        // ... and neither the approving analyst nor the one who entered it may be the second person, whatever roles.
        as("lead.lee", Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER).body(Map.of("confirm", true, "reason", "fine"))
                .post("/customers/{c}/applications/{a}/second-approval", customer, "APP-2").then().statusCode(422)
                .body("code", equalTo("FOUR_EYES"));
        as("analyst.kim", Roles.CREDIT_ANALYST, Roles.SUPERVISOR).body(Map.of("confirm", true, "reason", "fine"))
                .post("/customers/{c}/applications/{a}/second-approval", customer, "APP-2").then().statusCode(422)
                .body("code", equalTo("FOUR_EYES"));
        // The limit has not moved meanwhile.
        RestAssured.get("/customers/{c}", customer).then().body("limit.amount", equalTo("40000.00"));

        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("confirm", true, "reason", "references checked"))
                .post("/customers/{c}/applications/{a}/second-approval", customer, "APP-2").then().statusCode(200)
                .body("events[0].type", equalTo("CreditDecisionMade"))
                .body("events[0].data.by.subject", equalTo("lead.lee"))
                .body("events[0].data.approvedBy.subject", equalTo("manager.ines"));
        RestAssured.get("/customers/{c}", customer).then().body("limit.amount", equalTo("150000.00"))
                .body("scoreHistory", hasSize(3));

        // And a limit above the four-eyes amount cannot be set around it.
        analyst().body(Map.of("limit", "200000.00", "reason", "just because")).put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(422).body("code", equalTo("FOUR_EYES_REQUIRED"));
    }

    @Test
    void a_what_if_replays_the_recorded_history_under_a_proposed_policy_and_changes_nothing() {
        analyst().body(application("APP-W", "30000.00")).post("/customers/{c}/applications", customer).then()
                .statusCode(201).body("status", equalTo("APPROVED"));
        json().body(Map.of("orderId", customer + "-W1", "customerId", customer, "amount", "1000.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200).body("outcome", equalTo("RELEASED"));

        json().body(Map.of("from", TODAY.minusDays(30).toString(), "to", TODAY.toString(),
                        "changes", Map.of("decisions.auto-approve-classes", "A"), "customers", List.of(customer)))
                .post("/policy/what-if").then().statusCode(200)
                .body("customers", equalTo(1))
                .body("applications[0].applicationId", equalTo("APP-W"))
                .body("applications[0].currentDecision", equalTo("APPROVED"))
                .body("applications[0].proposedDecision", equalTo("REFERRED"))
                .body("orders[0].orderId", equalTo(customer + "-W1"))
                .body("orders[0].proposed", equalTo("REJECTED"))
                .body("blockedOnlyUnderProposed", equalTo("1000.00"))
                .body("recordedOrdersReproduced", equalTo(1));
        // Nothing changed.
        RestAssured.get("/customers/{c}", customer).then().body("limit.amount", equalTo("30000.00"));
        RestAssured.get("/policy").then().statusCode(200)
                .body("'decisions.auto-approve-classes'", equalTo("A,B,C"));
        json().body(Map.of("changes", Map.of("rules.past-due.days", "thirty"))).post("/policy/what-if").then()
                .statusCode(400).body("code", equalTo("INVALID_SETTING"))
                .body("errors[0].field", equalTo("changes.ledgerline.credit.rules.past-due.days"));
    }

    @Test
    void a_credit_group_shares_its_parent_limit_and_sums_its_exposure() {
        String parent = customer;
        String member = customer + "-S";
        analyst().body(Map.of("limit", "10000.00", "reason", "group limit")).put("/customers/{c}/limits/EUR", parent)
                .then().statusCode(200);
        upstream.publish(new ReceivablesEvent.InvoiceIssued(member, "INV-S1", TODAY.minusDays(5), TODAY.plusDays(25),
                "EUR", new BigDecimal("7000.00"), null, null));
        upstream.publish(new ReceivablesEvent.InvoiceIssued(parent, "INV-P1", TODAY.minusDays(5), TODAY.plusDays(25),
                "EUR", new BigDecimal("2000.00"), null, null));
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("parentId", parent, "members", List.of(member)))
                .put("/credit-groups/{g}", "G-" + parent).then().statusCode(200)
                .body("events[0].type", equalTo("CreditGroupChanged"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/credit-groups/{g}", "G-" + parent)
                .then().statusCode(200).body("total", equalTo("9000.00")).body("limit", equalTo("10000.00")));

        // The subsidiary has no limit of its own; its order is weighed against the group's.
        json().body(Map.of("orderId", member + "-SO1", "customerId", member, "amount", "2000.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD"))
                .body("reasons[0].code", equalTo("GROUP_OVER_LIMIT"))
                .body("exposureBefore", equalTo("9000.00"));
        json().body(Map.of("orderId", member + "-SO2", "customerId", member, "amount", "500.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                // 9,000 + the held 2,000 already count: 11,500 is over 10,000.
                .body("outcome", equalTo("HELD"));

        // A group hold on the parent holds the subsidiary too.
        String holdId = as("manager.ines", Roles.CREDIT_MANAGER)
                .body(Map.of("reason", "group restructuring", "scope", "GROUP"))
                .post("/customers/{c}/holds", parent).then().statusCode(200)
                .body("events[0].data.scope", equalTo("GROUP")).extract().path("events[0].data.holdId");
        json().body(Map.of("orderId", member + "-SO3", "customerId", member, "amount", "1.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD")).body("holdIds", hasItem(holdId));
    }

    @Test
    void two_members_checking_at_the_same_instant_cannot_together_exceed_the_group_limit() throws Exception {
        String parent = customer;
        String member = customer + "-M";
        analyst().body(Map.of("limit", "1000.00", "reason", "group limit")).put("/customers/{c}/limits/EUR", parent)
                .then().statusCode(200);
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("parentId", parent, "members", List.of(member)))
                .put("/credit-groups/{g}", "G-" + parent).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/credit-groups/{g}", "G-" + parent)
                .then().statusCode(200).body("limit", equalTo("1000.00")));

        var client = java.net.http.HttpClient.newHttpClient();
        String url = "http://localhost:" + RestAssured.port + "/credit-checks";
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            // Alternating between the parent and the member: each is weighed with the other's orders.
            String who = i % 2 == 0 ? parent : member;
            String body = io.ledgerline.events.EventJson.writeString(Map.of("orderId", who + "-G" + i,
                    "customerId", who, "amount", "100.00", "currency", "EUR"));
            calls.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                            .header("Content-Type", "application/json").header("Authorization", "Bearer " + ANALYST_TOKEN)
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()));
        }
        int released = 0;
        for (var call : calls) {
            var response = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            if (io.ledgerline.events.EventJson.readTree(response.body()).path("outcome").asText().equals("RELEASED")) {
                released++;
            }
        }
        // The group's 1,000 holds ten orders of 100 whichever member placed them.
        assertThat(released).isEqualTo(10);
        RestAssured.get("/credit-groups/{g}", "G-" + parent).then().statusCode(200).body("total", equalTo("1000.00"));
    }

    @Test
    void a_members_invoices_that_put_the_group_over_its_limit_hold_the_whole_group() {
        String parent = customer;
        String member = customer + "-D";
        analyst().body(Map.of("limit", "10000.00", "reason", "group limit")).put("/customers/{c}/limits/EUR", parent)
                .then().statusCode(200);
        as("manager.ines", Roles.CREDIT_MANAGER).body(Map.of("parentId", parent, "members", List.of(member)))
                .put("/credit-groups/{g}", "G-" + parent).then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/credit-groups/{g}", "G-" + parent)
                .then().statusCode(200).body("limit", equalTo("10000.00")));

        // The member has no limit of its own: only the group's rules can see that it is too much.
        upstream.publish(new ReceivablesEvent.InvoiceIssued(member, "INV-D1", TODAY.minusDays(5), TODAY.plusDays(25),
                "EUR", new BigDecimal("12000.00"), null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/customers/{c}", parent)
                .then().statusCode(200)
                .body("activeHolds.rule", hasItem("OVER_LIMIT"))
                .body("activeHolds.scope", hasItem("GROUP")));
        json().body(Map.of("orderId", member + "-SO1", "customerId", member, "amount", "1.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD"))
                .body("reasons.code", hasItem("GROUP_HOLD_IN_FORCE"));

        // Paid down: the group's hold is lifted by the same rule.
        upstream.publish(new ReceivablesEvent.CreditNoteIssued(member, "CN-D1", TODAY, "EUR",
                new BigDecimal("6000.00"), "INV-D1", "returned goods"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> RestAssured.get("/customers/{c}", parent)
                .then().statusCode(200).body("activeHolds", hasSize(0)));
    }

    @Test
    void the_day_expires_orders_and_a_review_falls_due_for_an_analyst() {
        analyst().body(application("APP-R", "20000.00")).post("/customers/{c}/applications", customer).then()
                .statusCode(201).body("status", equalTo("APPROVED"));
        json().body(Map.of("orderId", customer + "-OLD", "customerId", customer, "amount", "100.00", "currency", "EUR"))
                .post("/credit-checks").then().statusCode(200).body("outcome", equalTo("RELEASED"))
                .body("expiresOn", equalTo(TODAY.plusDays(30).toString()));
        // Today nothing is due yet: the run decides nothing for this customer.
        RestAssured.given().post("/daily-runs").then().statusCode(200).body("asOf", equalTo(TODAY.toString()));
        RestAssured.get("/orders/{o}", customer + "-OLD").then().body("status", equalTo("RELEASED"));
        RestAssured.get("/customers/{c}", customer).then().body("nextReviewDate", notNullValue());
    }
}
