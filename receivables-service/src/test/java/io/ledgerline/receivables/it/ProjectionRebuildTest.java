package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The account read models are a view: emptied and replayed from the first event, they come back the same, and the
 * status shows the replay's progress.
 */
@QuarkusTest
class ProjectionRebuildTest extends LedgerTestBase {

    @Test
    void a_rebuilt_read_model_answers_exactly_as_before() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", "1250.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-2", "80.00"));
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-1", "1300.00", "INV-1", "1200.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("30.00")));
        String before = account().extract().asString();

        RestAssured.given().post("/admin/projections/{name}/rebuild", "accounts").then().statusCode(202);

        // Four events at least were replayed (this test's: two invoices, the payment, its application), and the
        // replay caught up with the store.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = RestAssured.given().get("/admin/projections").then().statusCode(200).extract().jsonPath();
            assertThat(status.getBoolean("find { it.name == 'accounts' }.rebuilding")).isFalse();
            assertThat(status.getLong("find { it.name == 'accounts' }.eventsBehind")).isZero();
            assertThat(status.getLong("find { it.name == 'accounts' }.replayedSinceRebuild")).isGreaterThanOrEqualTo(4);
        });
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(account().statusCode(200).extract().asString()).isEqualTo(before));

        RestAssured.given().post("/admin/projections/{name}/rebuild", "no-such-view").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_PROJECTION"));
    }
}
