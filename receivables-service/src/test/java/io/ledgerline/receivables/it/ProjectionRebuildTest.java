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
        // Later batches move money on rows of earlier ones (the read model sums a batch's changes per row and updates
        // those rows set-based), while the rebuild below replays in batches of 25 (the tests' rebuild-batch-size), each
        // read and prepared while the one before is written, into shadow tables without their secondary indexes, so
        // this account's rows are built in memory or updated across batches depending on where the batches fall: both
        // must give the same rows.
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-3", "500.00"));
        erp.binary(INVOICES, customer, "CreditNoteIssued",
                LedgerApi.creditNote(customer, "CN-1", "2026-10-15", "20.00", "INV-3", "damaged pallet"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("510.00")));
        String before = account().extract().asString();
        String openItemsBefore = openItems();
        String invoicesBefore = invoices();

        // Four events at least were replayed (this test's: two invoices, the payment, its application), and the
        // replay caught up with the store.
        rebuildAccounts(4);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(account().statusCode(200).extract().asString()).isEqualTo(before));
        assertThat(openItems()).isEqualTo(openItemsBefore);
        assertThat(invoices()).isEqualTo(invoicesBefore);

        RestAssured.given().post("/admin/projections/{name}/rebuild", "no-such-view").then().statusCode(404)
                .body("code", equalTo("UNKNOWN_PROJECTION"));
    }

    private String openItems() {
        return RestAssured.given().get("/accounts/{id}/open-items", customer).then().statusCode(200).extract().asString();
    }

    /** Every invoice's detail (amounts, applied, written off, open amount, status), one after the other. */
    private String invoices() {
        StringBuilder all = new StringBuilder();
        for (String invoice : new String[] {"INV-1", "INV-2", "INV-3"}) {
            all.append(RestAssured.given().get("/accounts/{id}/invoices/{invoice}", customer, invoice).then()
                    .statusCode(200).extract().asString()).append('\n');
        }
        return all.toString();
    }
}
