package io.ledgerline.receivables.it;

import io.ledgerline.testsupport.ApplicationDatabase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Something nobody foresaw fails for one customer (here: the database refuses that customer's appends, as a trigger
 * installed by the test makes it): that customer's records are parked with the error, later ones behind them, while
 * every other customer's records flow. The operator sees it at /admin/quarantine and in the metrics; a replay before
 * the fix fails and keeps them parked; after the fix it records them in order and the customer flows again.
 */
@QuarkusTest
class QuarantineTest extends LedgerTestBase {

    private String trigger;

    @AfterEach
    void removeFault() throws SQLException {
        if (trigger != null) {
            sql("DROP TRIGGER IF EXISTS " + trigger + " ON events; DROP FUNCTION IF EXISTS " + trigger + "()");
        }
    }

    @Test
    void one_customers_unforeseen_failure_parks_only_that_customer_until_an_operator_replays_it() throws Exception {
        String poisoned = customer;
        String healthy = customer + "-ok";
        trigger = "fault_" + customer.toLowerCase().replace('-', '_');
        sql("""
                CREATE FUNCTION %1$s() RETURNS trigger AS $$ BEGIN
                  IF NEW.stream_id = 'account-%2$s' THEN RAISE EXCEPTION 'this account cannot be written' USING ERRCODE = '22023'; END IF;
                  RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER %1$s BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION %1$s();
                """.formatted(trigger, poisoned));

        erp.binary(INVOICES, poisoned, "InvoiceIssued", LedgerApi.invoice(poisoned, "INV-P1", "2026-10-01", "2026-10-31", "100.00", "first"));
        erp.binary(INVOICES, healthy, "InvoiceIssued", LedgerApi.invoice(healthy, "INV-H1", "2026-10-01", "2026-10-31", "70.00", "fine"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/accounts/{c}", healthy)
                .then().statusCode(200).body("balances[0].balance", equalTo("70.00")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(quarantined(poisoned)).isNotNull());

        // Later records of the quarantined customer park behind the first; the others' go on.
        erp.binary(INVOICES, poisoned, "InvoiceIssued", LedgerApi.invoice(poisoned, "INV-P2", "2026-10-02", "2026-11-01", "50.00", "second"));
        erp.binary(INVOICES, healthy, "InvoiceIssued", LedgerApi.invoice(healthy, "INV-H2", "2026-10-02", "2026-11-01", "30.00", "fine"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/accounts/{c}", healthy)
                .then().statusCode(200).body("balances[0].balance", equalTo("100.00")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> entry = quarantined(poisoned);
            assertThat(((Number) entry.get("records")).intValue()).isEqualTo(2);
            assertThat((String) entry.get("error")).contains("this account cannot be written");
        });
        assertThat(RestAssured.given().get("/accounts/{c}/invoices/{i}", poisoned, "INV-P1").then().extract().statusCode())
                .isEqualTo(404);
        // One customer parked is no reason to stop taking traffic.
        management().get("/q/health/ready").then().statusCode(200);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(metric("ledgerline_ingest_quarantined_records"))
                .isGreaterThanOrEqualTo(2));

        // Replayed before the fix: it fails, says why, and keeps everything parked.
        RestAssured.given().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(409)
                .body("code", equalTo("REPLAY_FAILED")).body("detail", containsString("this account cannot be written"));
        Map<String, Object> stillParked = quarantined(poisoned);
        assertThat(((Number) stillParked.get("records")).intValue()).isEqualTo(2);
        assertThat(((Number) stillParked.get("failedReplays")).intValue()).isEqualTo(1);

        // After the fix, the replay records both, in order, and the customer's records flow again.
        removeFault();
        trigger = null;
        RestAssured.given().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(200)
                .body("released", equalTo(true)).body("replayed", equalTo(2));
        assertThat(quarantined(poisoned)).isNull();
        erp.binary(INVOICES, poisoned, "InvoiceIssued", LedgerApi.invoice(poisoned, "INV-P3", "2026-10-03", "2026-11-02", "25.00", "third"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given().get("/accounts/{c}", poisoned)
                .then().statusCode(200).body("balances[0].balance", equalTo("175.00"))
                .body("openInvoices", hasSize(3)));
        RestAssured.given().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(404)
                .body("code", equalTo("NOT_QUARANTINED"));
    }

    private static Map<String, Object> quarantined(String customerId) {
        List<Map<String, Object>> all = RestAssured.given().get("/admin/quarantine").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(e -> customerId.equals(e.get("customerId"))).findFirst().orElse(null);
    }

    private static double metric(String name) {
        String text = management().get("/q/metrics").then().statusCode(200).extract().asString();
        return text.lines().filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst().orElse(-1);
    }

    private static void sql(String statements) throws SQLException {
        ApplicationDatabase.execute(statements);
    }
}
