package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;

/**
 * The read models hold every amount the contract allows, and their sums; the summary's version is the one it shows;
 * and requests that would make the service do unbounded work are refused with a problem naming the field.
 */
@QuarkusTest
class ReadModelLimitsTest extends LedgerTestBase {

    @Test
    void amounts_at_the_contracts_limit_and_their_sums_fit_the_read_models() {
        // 15 integer digits each; their sum needs 16.
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-BIG-1", "999999999999999.99"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-BIG-2", "999999999999999.99"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("1999999999999999.98"))
                .body("openInvoices.size()", equalTo(2)));
        var status = RestAssured.given().get("/admin/projections").then().statusCode(200).extract().jsonPath();
        assertThat(status.getBoolean("find { it.name == 'accounts' }.parked")).isFalse();
        int management = org.eclipse.microprofile.config.ConfigProvider.getConfig()
                .getValue("quarkus.management.test-port", Integer.class);
        RestAssured.given().port(management).get("/q/health/well").then().statusCode(200)
                .body("checks.find { it.name == 'projections' }.status", equalTo("UP"));
    }

    @Test
    void the_summary_version_and_etag_are_the_stream_version_the_read_models_show() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", "100.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200).body("version", equalTo(1)));
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-1", "40.00", "INV-1", "40.00"));
        // The payment and its application: two more events, shown together with their amounts.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            var response = account().statusCode(200).extract();
            assertThat(response.jsonPath().getLong("version")).isEqualTo(3);
            assertThat(response.header("ETag")).isEqualTo("\"3\"");
            assertThat(response.jsonPath().getString("balances[0].balance")).isEqualTo("60.00");
        });
        // That version is what a clerk sends back: it is the ledger's too, so the edit goes through.
        LedgerApi.json().header("If-Match", "\"3\"")
                .body("{\"amount\": \"-10.00\", \"reason\": \"agreed discount\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, "INV-1")
                .then().statusCode(200).body("version", greaterThan(3));
    }

    @Test
    void unbounded_requests_are_refused_naming_the_field() {
        RestAssured.given().get("/aging?buckets=" + "1,".repeat(40) + "2").then().statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("buckets")).body("code", equalTo("TOO_MANY_BUCKETS"));
        RestAssured.given().get("/aging?buckets=0,30,999999").then().statusCode(400)
                .body("errors[0].field", equalTo("buckets"));
        RestAssured.given().get("/aging?asOf=+999999-01-01").then().statusCode(400)
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().get("/aging?asOf=9999-12-31").then().statusCode(400)
                .body("errors[0].field", equalTo("asOf")).body("code", equalTo("DATE_OUT_OF_RANGE"));
        RestAssured.given().get("/accounts/{c}/statement?from=2000-01-01&to=2026-10-31", customer).then()
                .statusCode(400).body("errors[0].field", equalTo("from")).body("code", equalTo("PERIOD_TOO_LONG"));
    }
}
