package io.ledgerline.credit.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.events.Topics;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.identity.Roles;
import io.ledgerline.testsupport.Metrics;
import io.ledgerline.testsupport.TopicReader;
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
import static org.hamcrest.Matchers.hasSize;

/**
 * The core flow end to end, on the real broker and database: receivables' events (published as its outbox relay
 * would) become exposure; an order is checked before and after a broken promise; the promise places a hold naming
 * the event behind it; redelivered events change nothing; credit's events reach its topic.
 */
@QuarkusTest
class CreditFlowTest extends CreditTestBase {

    @Test
    void receivables_events_become_exposure_a_broken_promise_holds_orders_and_redelivery_changes_nothing() {
        String invoiceEventId = upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-1",
                TODAY.minusDays(20), TODAY.plusDays(10), "EUR", new BigDecimal("6000.00"), "PO-1", "pallets"));
        upstream.publish(new ReceivablesEvent.CustomerUpdated(customer, "Nordwind Logistik GmbH", "DE",
                "Europe/Berlin", 30, "EUR", List.of()));
        upstream.publish(new ReceivablesEvent.PaymentReceived(customer, "PAY-1", TODAY.minusDays(2), "EUR",
                new BigDecimal("1000.00"), io.ledgerline.events.ingest.PaymentMethod.SEPA, "INV-1", List.of()));
        upstream.publish(new ReceivablesEvent.PaymentApplied(customer, ReceivablesEvent.SourceKind.PAYMENT, "PAY-1",
                "INV-1", "EUR", new BigDecimal("1000.00"), TODAY.minusDays(2),
                ReceivablesEvent.ApplicationRule.REFERENCE));

        analyst().body(Map.of("limit", "10000.00", "reason", "opening limit"))
                .put("/customers/{c}/limits/EUR", customer)
                .then().statusCode(200).body("events[0].type", equalTo("CreditLimitChanged"));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/customers/{c}/exposure", customer).then().statusCode(200)
                        .body("openAr", equalTo("5000.00"))
                        .body("total", equalTo("5000.00"))
                        .body("utilisation", equalTo("50.00"))
                        .body("headroom", equalTo("5000.00")));
        RestAssured.get("/customers/{c}", customer).then().statusCode(200)
                .body("name", equalTo("Nordwind Logistik GmbH"))
                .body("limit.amount", equalTo("10000.00"));

        // Before the broken promise: within the limit.
        json().body(check("SO-1", "3000.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("RELEASED"))
                .body("exposureBefore", equalTo("5000.00"))
                .body("exposureAfter", equalTo("8000.00"))
                .body("reasons[0].code", equalTo("WITHIN_LIMIT"))
                .body("repeated", equalTo(false));

        var broken = new CollectionsEvent.PromiseToPayBroken(customer, "PTP-7", "EUR", TODAY.minusDays(3),
                new BigDecimal("2000.00"), new BigDecimal("0.00"), new BigDecimal("2000.00"), List.of(),
                TODAY.minusDays(1));
        String metricsBefore = Metrics.scrape();
        assertThat(Metrics.exposed(metricsBefore, "ledgerline_credit_holds_placed_total")).isTrue();
        String brokenId = upstream.publish(broken);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/customers/{c}", customer).then().statusCode(200)
                        .body("activeHolds", hasSize(1))
                        .body("activeHolds[0].rule", equalTo("BROKEN_PROMISE"))
                        .body("activeHolds[0].sourceEvents[0].id", equalTo(brokenId))
                        .body("activeHolds[0].sourceEvents[0].type",
                                equalTo("io.ledgerline.collections.PromiseToPayBroken.v1")));

        // The business counter moves by the one hold, and its event is counted once (by the event store).
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            String after = Metrics.scrape();
            assertThat(Metrics.sum(after, "ledgerline_credit_holds_placed_total"))
                    .isEqualTo(Metrics.sum(metricsBefore, "ledgerline_credit_holds_placed_total") + 1);
            assertThat(Metrics.sum(after, "ledgerline_events_appended_total", "CreditHoldPlaced"))
                    .isEqualTo(Metrics.sum(metricsBefore, "ledgerline_events_appended_total", "CreditHoldPlaced") + 1);
        });

        // After it: held, naming the hold.
        String holdId = RestAssured.get("/customers/{c}", customer).then().extract().path("activeHolds[0].holdId");
        json().body(check("SO-2", "100.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD"))
                .body("reasons[0].code", equalTo("HOLD_IN_FORCE"))
                .body("holdIds[0]", equalTo(holdId))
                // The released order counts as exposure.
                .body("exposureBefore", equalTo("8000.00"));

        // The same order again: the recorded answer, nothing new.
        json().body(check("SO-1", "3000.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("RELEASED")).body("repeated", equalTo(true));

        // Redelivery: the same invoice and the same broken promise under their ce_ids, then a marker to wait for.
        upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-1", TODAY.minusDays(20),
                TODAY.plusDays(10), "EUR", new BigDecimal("6000.00"), "PO-1", "pallets"), invoiceEventId);
        upstream.publish(broken, brokenId);
        upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-2", TODAY.minusDays(1),
                TODAY.plusDays(29), "EUR", new BigDecimal("500.00"), null, null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/customers/{c}/exposure", customer).then().statusCode(200)
                        .body("openAr", equalTo("5500.00")));
        RestAssured.get("/customers/{c}", customer).then()
                .body("activeHolds", hasSize(1))
                .body("holdHistory", hasSize(1))
                .body("openOrders", hasSize(2));

        // The analyst releases the hold; a new order within the limit goes through again.
        analyst().body(Map.of("note", "paid by wire, confirmed by phone"))
                .post("/customers/{c}/holds/{h}/release", customer, holdId).then().statusCode(200)
                .body("events[0].data.reason", equalTo("ANALYST"));
        json().body(check("SO-3", "100.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("RELEASED"))
                // 5,500 open AR + SO-1 3,000 released + SO-2 100 still held
                .body("exposureBefore", equalTo("8600.00"));

        // Credit's events are on its topic, keyed by the customer, as binary CloudEvents.
        try (TopicReader reader = new TopicReader(bootstrapServers(), Topics.CREDIT_EVENTS)) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                var types = reader.forKey(customer).stream().map(r -> TopicReader.header(r, "ce_type")).toList();
                assertThat(types).contains("io.ledgerline.credit.CreditLimitChanged.v1",
                        "io.ledgerline.credit.OrderCreditChecked.v1", "io.ledgerline.credit.CreditHoldPlaced.v1",
                        "io.ledgerline.credit.CreditHoldReleased.v1");
                assertThat(types.stream().filter(t -> t.endsWith("CreditHoldPlaced.v1"))).hasSize(1);
            });
            var hold = reader.forKey(customer).stream()
                    .filter(r -> TopicReader.header(r, "ce_type").endsWith("CreditHoldPlaced.v1")).findFirst().orElseThrow();
            assertThat(EventJson.readTree(hold.value()).path("sourceEvents").get(0).path("id").asText())
                    .isEqualTo(brokenId);
        }
    }

    @Test
    void an_invoice_naming_an_order_closes_it_so_it_counts_once() {
        analyst().body(Map.of("limit", "10000.00", "reason", "opening limit"))
                .put("/customers/{c}/limits/EUR", customer).then().statusCode(200);
        json().body(check("SO-10", "4000.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("RELEASED"));
        upstream.publish(new ReceivablesEvent.InvoiceIssued(customer, "INV-10", TODAY, TODAY.plusDays(30), "EUR",
                new BigDecimal("4000.00"), "SO-10", null));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/orders/{o}", "SO-10").then().statusCode(200)
                        .body("status", equalTo("CLOSED")).body("closure", equalTo("INVOICED"))
                        .body("invoiceId", equalTo("INV-10")));
        RestAssured.get("/customers/{c}/exposure", customer).then()
                .body("openAr", equalTo("4000.00")).body("openOrders", equalTo("0.00")).body("total", equalTo("4000.00"))
                // A line's empty columns in the currency's scale too, as the totals are.
                .body("lines[0].openOrders", equalTo("0.00")).body("lines[0].heldOrders", equalTo("0.00"));
        // The search's limit from the read model (8 decimals kept there) in the currency's scale.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/customers?search={c}", customer).then().statusCode(200)
                        .body("items.find { it.customerId == '" + customer + "' }.limit", equalTo("10000.00")));
    }

    @Test
    void held_orders_wait_in_the_queue_until_an_analyst_decides() {
        analyst().body(Map.of("limit", "1000.00", "reason", "small start"))
                .put("/customers/{c}/limits/EUR", customer).then().statusCode(200);
        json().body(check(customer + "-SO", "1500.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD")).body("reasons[0].code", equalTo("OVER_LIMIT"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/queues/held-orders?size=500").then().statusCode(200)
                        .body("items.orderId", org.hamcrest.Matchers.hasItem(customer + "-SO")));
        // The queue's amount in the currency's scale, as everywhere else (the read model keeps 8 decimals).
        RestAssured.get("/queues/held-orders?size=500").then()
                .body("items.find { it.orderId == '" + customer + "-SO' }.amount", equalTo("1500.00"));

        as("analyst.lee", Roles.CREDIT_ANALYST).body(Map.of("reason", "customer prepaid half"))
                .post("/orders/{o}/release", customer + "-SO").then().statusCode(200)
                .body("events[0].type", equalTo("OrderReleased"))
                .body("events[0].data.by.subject", equalTo("analyst.lee"));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                RestAssured.get("/queues/held-orders?size=500").then().statusCode(200)
                        .body("items.orderId", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(customer + "-SO"))));
        // Released by hand, it now counts as exposure: 1,500 on a limit of 1,000.
        RestAssured.get("/customers/{c}/exposure", customer).then().body("total", equalTo("1500.00"))
                .body("utilisation", equalTo("150.00"));
    }

    @Test
    void concurrent_checks_of_one_customer_are_weighed_one_after_the_other_and_none_is_lost() throws Exception {
        analyst().body(Map.of("limit", "1000.00", "reason", "small start"))
                .put("/customers/{c}/limits/EUR", customer).then().statusCode(200);
        Map<String, String> customerOf = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            customerOf.put(customer + "-P" + i, customer);
        }
        var outcomes = checkAllAtOnce(customerOf, "100.00").values();
        long released = outcomes.stream().filter("RELEASED"::equals).count();
        long held = outcomes.stream().filter("HELD"::equals).count();
        // 1,000 of limit: ten orders of 100 fit, the other ten wait, whatever order they came in.
        assertThat(released).isEqualTo(10);
        assertThat(held).isEqualTo(10);
        RestAssured.get("/customers/{c}/exposure", customer).then()
                .body("openOrders", equalTo("1000.00")).body("heldOrders", equalTo("1000.00"));
    }

    @Test
    void concurrent_checks_of_several_customers_are_weighed_per_customer_and_a_retry_answers_the_same()
            throws Exception {
        // Checks of several customers share groups (group commit): each customer's checks are still weighed one
        // after the other on its latest file, and none is lost or counted twice.
        List<String> customers = List.of(customer + "-1", customer + "-2", customer + "-3", customer + "-4");
        for (String each : customers) {
            analyst().body(Map.of("limit", "1000.00", "reason", "small start"))
                    .put("/customers/{c}/limits/EUR", each).then().statusCode(200);
        }
        Map<String, String> customerOf = new java.util.LinkedHashMap<>();
        for (int i = 0; i < 15; i++) {
            for (String each : customers) {
                customerOf.put(each + "-P" + i, each);
            }
        }
        Map<String, String> first = checkAllAtOnce(customerOf, "100.00");
        for (String each : customers) {
            // 1,000 of limit each: ten orders of 100 fit, the other five wait, whatever order they came in.
            assertThat(first.entrySet().stream().filter(e -> customerOf.get(e.getKey()).equals(each))
                    .map(Map.Entry::getValue).toList())
                    .as(each).hasSize(15).containsOnly("RELEASED", "HELD")
                    .filteredOn("RELEASED"::equals).hasSize(10);
            RestAssured.get("/customers/{c}/exposure", each).then()
                    .body("openOrders", equalTo("1000.00")).body("heldOrders", equalTo("500.00"));
        }
        // Order management retries every call (a lost answer): each order id gets the answer it got first.
        assertThat(checkAllAtOnce(customerOf, "100.00")).isEqualTo(first);
        for (String each : customers) {
            RestAssured.get("/customers/{c}/exposure", each).then()
                    .body("openOrders", equalTo("1000.00")).body("heldOrders", equalTo("500.00"));
        }
    }

    /** Sends a check of {@code amount} for every order id (to its customer) at once; each order id's outcome. */
    private static Map<String, String> checkAllAtOnce(Map<String, String> customerOf, String amount) throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        String url = "http://localhost:" + io.restassured.RestAssured.port + "/credit-checks";
        Map<String, java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<String>>> calls =
                new java.util.LinkedHashMap<>();
        customerOf.forEach((orderId, owner) -> calls.put(orderId, client.sendAsync(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + ANALYST_TOKEN)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(EventJson.writeString(Map.of(
                                "orderId", orderId, "customerId", owner, "amount", amount, "currency", "EUR"))))
                        .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString())));
        Map<String, String> outcomes = new java.util.TreeMap<>();
        for (var call : calls.entrySet()) {
            var response = call.getValue().get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(call.getKey()).isEqualTo(200);
            outcomes.put(call.getKey(), EventJson.readTree(
                    response.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)).path("outcome").asText());
        }
        return outcomes;
    }

    @Test
    void the_order_rows_of_the_read_model_follow_checks_decisions_and_cancellations() throws Exception {
        analyst().body(Map.of("limit", "1000.00", "reason", "small start"))
                .put("/customers/{c}/limits/EUR", customer).then().statusCode(200);
        json().body(check(customer + "-B", "200.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("RELEASED"));
        json().body(check(customer + "-A", "1500.00")).post("/credit-checks").then().statusCode(200)
                .body("outcome", equalTo("HELD"));
        // A is rejected right after its check (often the same projection batch), B cancelled once its row is there.
        as("analyst.lee", Roles.CREDIT_ANALYST).body(Map.of("reason", "no prepayment"))
                .post("/orders/{o}/reject", customer + "-A").then().statusCode(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> orderRow(customer + "-B") != null);
        json().post("/orders/{o}/cancellation", customer + "-B").then().statusCode(200);
        // A retry of B's check records nothing and changes no row.
        json().body(check(customer + "-B", "200.00")).post("/credit-checks").then().statusCode(200)
                .body("repeated", equalTo(true));

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(orderRow(customer + "-A")).isEqualTo(Map.of("customer_id", customer, "amount", "1500.00000000",
                    "outcome", "HELD", "status", "REJECTED", "checked_date", TODAY.toString(),
                    "decided_date", TODAY.toString(), "decided_by", "analyst.lee", "closure", "-"));
            assertThat(orderRow(customer + "-B")).isEqualTo(Map.of("customer_id", customer, "amount", "200.00000000",
                    "outcome", "RELEASED", "status", "CLOSED", "checked_date", TODAY.toString(),
                    "decided_date", "-", "decided_by", "-", "closure", "CANCELLED"));
        });
        Map<String, String> a = orderRow(customer + "-A");
        Map<String, String> b = orderRow(customer + "-B");

        // A rebuild replays every event in large batches (a check and its decision in one batch): the same rows.
        as("ops", Roles.OPERATOR).post("/admin/projections/{name}/rebuild", "credit").then().statusCode(202);
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = as("ops", Roles.OPERATOR).get("/admin/projections").then().statusCode(200).extract().jsonPath();
            assertThat(status.getBoolean("find { it.name == 'credit' }.rebuilding")).isFalse();
            assertThat(status.getLong("find { it.name == 'credit' }.eventsBehind")).isZero();
            assertThat(status.getLong("find { it.name == 'credit' }.replayedSinceRebuild")).isGreaterThanOrEqualTo(6);
            assertThat(orderRow(customer + "-A")).isEqualTo(a);
            assertThat(orderRow(customer + "-B")).isEqualTo(b);
        });
    }

    /** The order's row in the read model ({@code order_view}), its columns as text ("-" for null); null if none. */
    private static Map<String, String> orderRow(String orderId) throws java.sql.SQLException {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        try (var c = java.sql.DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             var s = c.prepareStatement("SELECT customer_id, amount::text, outcome, status, checked_date::text,"
                     + " coalesce(decided_date::text, '-'), coalesce(decided_by, '-'), coalesce(closure, '-')"
                     + " FROM order_view WHERE order_id = ?")) {
            s.setString(1, orderId);
            try (var rs = s.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                return Map.of("customer_id", rs.getString(1), "amount", rs.getString(2), "outcome", rs.getString(3),
                        "status", rs.getString(4), "checked_date", rs.getString(5), "decided_date", rs.getString(6),
                        "decided_by", rs.getString(7), "closure", rs.getString(8));
            }
        }
    }

    private Map<String, Object> check(String orderId, String amount) {
        return Map.of("orderId", orderId, "customerId", customer, "amount", amount, "currency", "EUR");
    }
}
