package io.ledgerline.receivables.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.ledgerline.events.EventJson;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ledgerline.testsupport.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/**
 * Delinquency over REST and Kafka: an operator's runs for given dates make an unpaid account delinquent, then worse,
 * never twice for the same bucket and never backwards in time; a payment arriving cures it; the delinquency endpoint
 * answers for any date.
 *
 * <p>Its own profile fixes "today" (so the endpoint's default date is known) and switches the daily run off: a
 * scheduled run landing in the middle of the test would decide the account for the real date and make every later
 * run for an earlier date a no-op.
 */
@QuarkusTest
@TestProfile(DelinquencyTest.FixedToday.class)
class DelinquencyTest extends LedgerTestBase {

    public static class FixedToday implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ledgerline.clock.today", "2026-04-30",
                    "ledgerline.delinquency.daily-cron", "off");
        }
    }

    private static final String DELINQUENT = "io.ledgerline.receivables.AccountDelinquent.v1";
    private static final String CURED = "io.ledgerline.receivables.AccountCured.v1";

    private List<JsonNode> ledgerEvents(String type) {
        List<Map<String, Object>> items = RestAssured.given()
                .get("/accounts/{c}/movements?size=500", customer).then().statusCode(200)
                .extract().jsonPath().getList("items");
        return items.stream().filter(i -> type.equals(i.get("type")))
                .map(i -> EventJson.mapper().valueToTree(i.get("data"))).map(JsonNode.class::cast).toList();
    }

    private static List<ConsumerRecord<byte[], byte[]>> ofType(List<ConsumerRecord<byte[], byte[]>> records,
                                                               String ceType) {
        return records.stream().filter(r -> ceType.equals(header(r, "ce_type"))).toList();
    }

    /**
     * One run; the summary counts every account in the database (records other classes published may be ingested
     * here too, the broker being shared), so only this customer's ledger and events are checked exactly.
     */
    private static void run(String asOf, int atLeastDelinquent) {
        RestAssured.given().post("/delinquency/runs?asOf={d}", asOf).then()
                .statusCode(200)
                .body("asOf", equalTo(asOf))
                .body("accounts", greaterThanOrEqualTo(1))
                .body("becameDelinquent", greaterThanOrEqualTo(atLeastDelinquent))
                .body("cured", greaterThanOrEqualTo(0));
    }

    @Test
    void runs_make_an_unpaid_account_delinquent_then_worse_and_a_payment_cures_it() {
        String invoiceId = LedgerApi.id("INV", customer, "1");
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceId, "2026-02-01", "2026-03-02", "900.00", "February freight"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceId).then().statusCode(200));
        // Issued before it fell due: the ledger change alone does not make the account delinquent.
        assertThat(ledgerEvents("AccountDelinquent")).isEmpty();

        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-03-02", customer).then().statusCode(200)
                .body("delinquent", equalTo(false))
                .body("daysPastDue", equalTo(0))
                .body("bucket", nullValue());
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-03-12", customer).then().statusCode(200)
                .body("asOf", equalTo("2026-03-12"))
                .body("delinquent", equalTo(true))
                .body("oldestDueDate", equalTo("2026-03-02"))
                .body("daysPastDue", equalTo(10))
                .body("bucket", equalTo("1-30"))
                .body("pastDueAmounts", hasSize(1))
                .body("pastDueAmounts[0].currency", equalTo("EUR"))
                .body("pastDueAmounts[0].amount", equalTo("900.00"));
        // Without asOf: the business clock's today, 30 April, 59 days past due.
        RestAssured.given().get("/accounts/{c}/delinquency", customer).then().statusCode(200)
                .body("asOf", equalTo("2026-04-30"))
                .body("delinquent", equalTo(true))
                .body("daysPastDue", equalTo(59))
                .body("bucket", equalTo("31-60"));

        // 10 days after the due date: delinquent, bucket 1-30.
        run("2026-03-12", 1);
        List<JsonNode> delinquent = ledgerEvents("AccountDelinquent");
        assertThat(delinquent).hasSize(1);
        assertThat(delinquent.getFirst().get("asOf").asText()).isEqualTo("2026-03-12");
        assertThat(delinquent.getFirst().get("daysPastDue").asInt()).isEqualTo(10);
        assertThat(delinquent.getFirst().get("bucket").asText()).isEqualTo("1-30");

        try (TopicReader events = new TopicReader(bootstrapServers(), LedgerApi.EVENTS)) {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofType(events.forKey(customer), DELINQUENT).size() >= 1);
            JsonNode first = EventJson.readTree(ofType(events.forKey(customer), DELINQUENT).getFirst().value());
            assertThat(first.get("customerId").asText()).isEqualTo(customer);
            assertThat(first.get("asOf").asText()).isEqualTo("2026-03-12");
            assertThat(first.get("oldestDueDate").asText()).isEqualTo("2026-03-02");
            assertThat(first.get("daysPastDue").asInt()).isEqualTo(10);
            assertThat(first.get("bucket").asText()).isEqualTo("1-30");
            assertThat(first.get("pastDueAmounts").get(0).get("currency").asText()).isEqualTo("EUR");
            assertThat(first.get("pastDueAmounts").get(0).get("amount").asText()).isEqualTo("900.00");

            // The same run again: already delinquent in that bucket, nothing new.
            run("2026-03-12", 0);
            assertThat(ledgerEvents("AccountDelinquent")).hasSize(1);

            // 40 days after the due date: a worse bucket, delinquent again.
            run("2026-04-11", 1);
            List<JsonNode> worse = ledgerEvents("AccountDelinquent");
            assertThat(worse).hasSize(2);
            assertThat(worse.get(1).get("daysPastDue").asInt()).isEqualTo(40);
            assertThat(worse.get(1).get("bucket").asText()).isEqualTo("31-60");

            // A run for a date before the last decision: delinquency never moves back in time.
            run("2026-03-12", 0);
            run("2026-03-20", 0);
            assertThat(ledgerEvents("AccountDelinquent")).hasSize(2);

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ofType(events.forKey(customer), DELINQUENT).size() >= 2);
            JsonNode second = EventJson.readTree(ofType(events.forKey(customer), DELINQUENT).get(1).value());
            assertThat(second.get("asOf").asText()).isEqualTo("2026-04-11");
            assertThat(second.get("daysPastDue").asInt()).isEqualTo(40);
            assertThat(second.get("bucket").asText()).isEqualTo("31-60");

            RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-04-11", customer).then()
                    .body("delinquent", equalTo(true))
                    .body("daysPastDue", equalTo(40))
                    .body("bucket", equalTo("31-60"));

            // The bank reports a payment covering the invoice: the ledger change cures the account.
            String paymentId = LedgerApi.id("PAY", customer, "1");
            erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, paymentId,
                    "2026-04-20", "900.00", "settles " + invoiceId, Map.of(invoiceId, "900.00")));
            await().atMost(Duration.ofSeconds(30)).until(() -> !ledgerEvents("AccountCured").isEmpty());
            List<JsonNode> cured = ledgerEvents("AccountCured");
            assertThat(cured).hasSize(1);
            assertThat(cured.getFirst().get("asOf").asText()).isEqualTo("2026-04-20");

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> !ofType(events.forKey(customer), CURED).isEmpty());
            List<ConsumerRecord<byte[], byte[]>> mine = events.forKey(customer);
            assertThat(ofType(mine, DELINQUENT)).as("exactly the two decisions, no repeat").hasSize(2);
            assertThat(ofType(mine, CURED)).hasSize(1);
            JsonNode curedEvent = EventJson.readTree(ofType(mine, CURED).getFirst().value());
            assertThat(curedEvent.get("customerId").asText()).isEqualTo(customer);
            assertThat(curedEvent.get("asOf").asText()).isEqualTo("2026-04-20");
            assertThat(mine.stream().map(r -> header(r, "ce_type")).toList())
                    .containsSubsequence(DELINQUENT, DELINQUENT, CURED);
        }

        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-04-11", customer).then()
                .body("delinquent", equalTo(true));
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-04-20", customer).then()
                .body("delinquent", equalTo(false))
                .body("pastDueAmounts", hasSize(0));
        RestAssured.given().get("/accounts/{c}/delinquency", customer).then()
                .body("asOf", equalTo("2026-04-30"))
                .body("delinquent", equalTo(false));

        // A later run finds nothing past due: no new event.
        run("2026-04-30", 0);
        assertThat(ledgerEvents("AccountDelinquent")).hasSize(2);
        assertThat(ledgerEvents("AccountCured")).hasSize(1);
    }

    @Test
    void bad_dates_and_unknown_accounts() {
        RestAssured.given().post("/delinquency/runs?asOf=someday").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-13-01", customer).then()
                .statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().get("/accounts/{c}/delinquency?asOf=2026-04-01", "C-NOBODY-" + customer).then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_CUSTOMER"));
    }

    @Test
    void a_run_as_of_a_day_after_the_business_date_is_refused() {
        // "Today" is 2026-04-30 here: one run for 2099 would otherwise freeze every account's delinquency until then.
        RestAssured.given().post("/delinquency/runs?asOf={d}", "2026-05-01").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("DATE_IN_FUTURE"))
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().post("/delinquency/runs?asOf={d}", "2099-12-31").then().statusCode(400);
    }
}
