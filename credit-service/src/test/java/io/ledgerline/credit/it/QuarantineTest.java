package io.ledgerline.credit.it;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.identity.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * An upstream event credit fails to take in for a reason nobody foresaw parks that customer's events in the event
 * store's quarantine; every other customer's go on; an operator replays them once the cause is fixed.
 */
@QuarkusTest
class QuarantineTest extends CreditTestBase {

    private String trigger;

    @AfterEach
    void removeFault() throws SQLException {
        if (trigger != null) {
            sql("DROP TRIGGER IF EXISTS " + trigger + " ON upstream_events; DROP FUNCTION IF EXISTS " + trigger + "()");
            trigger = null;
        }
    }

    @Test
    void one_customers_failure_parks_only_that_customer_until_an_operator_replays_it() throws Exception {
        String poisoned = customer;
        String healthy = customer + "-ok";
        trigger = "fault_" + customer.toLowerCase().replace('-', '_');
        sql("""
                CREATE FUNCTION %1$s() RETURNS trigger AS $$ BEGIN
                  IF NEW.customer_id = '%2$s' THEN RAISE EXCEPTION 'this customer cannot be kept' USING ERRCODE = '22023'; END IF;
                  RETURN NEW; END $$ LANGUAGE plpgsql;
                CREATE TRIGGER %1$s BEFORE INSERT ON upstream_events FOR EACH ROW EXECUTE FUNCTION %1$s();
                """.formatted(trigger, poisoned));

        upstream.publish(invoice(poisoned, "INV-P1", "100.00"));
        upstream.publish(invoice(healthy, "INV-H1", "70.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/customers/{c}/exposure", healthy)
                .then().statusCode(200).body("openAr", equalTo("70.00")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(quarantined(poisoned)).isNotNull());

        // A later event of the quarantined customer parks behind the first; the others' go on.
        upstream.publish(invoice(poisoned, "INV-P2", "50.00"));
        upstream.publish(invoice(healthy, "INV-H2", "30.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/customers/{c}/exposure", healthy)
                .then().statusCode(200).body("openAr", equalTo("100.00")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            Map<String, Object> entry = quarantined(poisoned);
            assertThat(((Number) entry.get("records")).intValue()).isEqualTo(2);
            assertThat((String) entry.get("error")).contains("this customer cannot be kept");
        });

        // Replayed before the fix: it fails, says why, and keeps everything parked.
        operator().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("REPLAY_FAILED")).body("detail", containsString("this customer cannot be kept"));
        assertThat(((Number) quarantined(poisoned).get("failedReplays")).intValue()).isEqualTo(1);

        // After the fix the replay takes both in, in order, and the customer's events flow again.
        removeFault();
        operator().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(200)
                .body("released", equalTo(true)).body("replayed", equalTo(2));
        assertThat(quarantined(poisoned)).isNull();
        RestAssured.get("/customers/{c}/exposure", poisoned).then().statusCode(200).body("openAr", equalTo("150.00"));
        upstream.publish(invoice(poisoned, "INV-P3", "25.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.get("/customers/{c}/exposure", poisoned)
                .then().statusCode(200).body("openAr", equalTo("175.00")));
        operator().post("/admin/quarantine/{c}/replay", poisoned).then().statusCode(404)
                .body("code", equalTo("NOT_QUARANTINED"));
    }

    private static ReceivablesEvent.InvoiceIssued invoice(String customerId, String invoiceId, String amount) {
        return new ReceivablesEvent.InvoiceIssued(customerId, invoiceId, TODAY.minusDays(5), TODAY.plusDays(25), "EUR",
                new BigDecimal(amount), null, null);
    }

    private static io.restassured.specification.RequestSpecification operator() {
        return as("ops.omar", Roles.OPERATOR);
    }

    private static Map<String, Object> quarantined(String customerId) {
        List<Map<String, Object>> all = operator().get("/admin/quarantine").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(e -> customerId.equals(e.get("customerId"))).findFirst().orElse(null);
    }

    private static void sql(String statements) throws SQLException {
        var config = ConfigProvider.getConfig();
        try (Connection c = DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             Statement s = c.createStatement()) {
            s.execute(statements);
        }
    }
}
