package io.ledgerline.receivables.it;

import io.ledgerline.receivables.projection.PortfolioMetrics;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The open invoices summed per currency and due date ({@code open_invoice_totals}), which the portfolio gauges read
 * instead of scanning every invoice, always agree with the invoices themselves: the projection writes both in the
 * same statements, so any committed state shows the same sums either way, through issues, payments by remittance
 * and by the ledger's own rules, credit notes, write-offs, cancels, returns, and a rebuild.
 */
@QuarkusTest
class OpenInvoiceTotalsTest extends LedgerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** No other test invoices in it, so the gauges' figures for it are this test's alone. */
    private static final String CURRENCY = "CHF";
    private static final String PAST = "2026-10-31";
    private static final String FUTURE = "2036-09-30";

    @Inject
    Pool pool;

    @Inject
    PortfolioMetrics portfolio;

    @Test
    void the_sums_follow_every_movement_and_a_rebuild_and_the_gauges_read_them() {
        // Three invoices due in the past, one in the future; a cancel of one of them.
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", PAST, "1000.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-2", PAST, "500.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-3", FUTURE, "300.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-4", PAST, "75.50"));
        awaitBalance("1875.50");
        assertAgree();
        assertThat(totals()).containsExactly(row(PAST, 3, "1575.50"), row(FUTURE, 1, "300.00"));

        // INV-1 paid in full by remittance (it leaves), INV-2 in part (it stays with less), a credit note on INV-3,
        // INV-4 cancelled (it leaves).
        erp.binary(PAYMENTS, customer, "PaymentReceived", remittance("PAY-1", "1200.00", "1000.00", "200.00"));
        erp.binary(INVOICES, customer, "CreditNoteIssued", """
                {"creditNoteId": "CN-1", "customerId": "%s", "issueDate": "2026-11-02", "currency": "%s",
                 "amount": "50.00", "invoiceId": "INV-3", "reason": "damaged pallet"}""".formatted(customer, CURRENCY));
        erp.binary(INVOICES, customer, "InvoiceCancelled", """
                {"invoiceId": "INV-4", "customerId": "%s", "cancelledDate": "2026-11-03", "reason": "duplicate"}"""
                .formatted(customer));
        awaitBalance("550.00");
        assertAgree();
        assertThat(totals()).containsExactly(row(PAST, 1, "300.00"), row(FUTURE, 1, "250.00"));

        // A clerk writes off the rest of INV-2 (it leaves); then PAY-1 bounces and reopens what it paid.
        RestAssured.given().contentType("application/json")
                .body("{\"amount\": \"300.00\", \"reasonCode\": \"UNCOLLECTIBLE\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, "INV-2").then().statusCode(200);
        awaitBalance("250.00");
        assertAgree();
        assertThat(totals()).containsExactly(row(PAST, 0, "0.00"), row(FUTURE, 1, "250.00"));
        erp.binary(PAYMENTS, customer, "PaymentReturned", """
                {"paymentId": "PAY-1", "customerId": "%s", "returnedDate": "2026-11-05", "reasonCode": "AC04"}"""
                .formatted(customer));
        awaitBalance("1450.00");
        assertAgree();
        // INV-1 open again in full, INV-2 the 200 the payment had paid (its write-off stands).
        assertThat(totals()).containsExactly(row(PAST, 2, "1200.00"), row(FUTURE, 1, "250.00"));

        portfolio.refresh().await().atMost(TIMEOUT);
        String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
        assertThat(gauge(metrics, "ledgerline_invoices_open")).isEqualTo(3.0);
        assertThat(gauge(metrics, "ledgerline_amount_past_due")).isEqualTo(1200.0);

        // Replayed from the first event into shadow tables and swapped in: the same sums.
        List<String> before = totals();
        rebuildAccounts(9);
        assertAgree();
        assertThat(totals()).isEqualTo(before);
    }

    @Test
    void a_payment_on_an_invoice_the_read_model_lacks_parks_the_projection_until_a_rebuild_instead_of_being_lost() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", PAST, "400.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-2", PAST, "600.00"));
        awaitBalance("1000.00");
        // A read model that lost an invoice's row (a bug, a hand edit): the events still have it.
        pool.preparedQuery("DELETE FROM invoice_view WHERE customer_id = $1 AND invoice_id = 'INV-1'")
                .execute(Tuple.of(customer)).await().atMost(TIMEOUT);

        erp.binary(PAYMENTS, customer, "PaymentReceived", remittance("PAY-1", "500.00", "400.00", "100.00"));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            var status = RestAssured.given().get("/admin/projections").then().statusCode(200).extract().jsonPath();
            assertThat(status.getBoolean("find { it.name == 'accounts' }.parked")).isTrue();
            assertThat(status.getString("find { it.name == 'accounts' }.parkedError"))
                    .contains("invoice_view").contains("not in the read model");
        });
        // Frozen, not half-written: INV-2 still shows nothing paid.
        assertThat(openAmount("INV-2")).isEqualByComparingTo("600.00");

        // The rebuild goes on although the live batch is parked, replays up to it, swaps in and lifts the park.
        rebuildAccounts(3);
        awaitBalance("500.00");
        assertThat(openAmount("INV-1")).isEqualByComparingTo("0.00");
        assertThat(openAmount("INV-2")).isEqualByComparingTo("500.00");
        assertAgree();
    }

    private BigDecimal openAmount(String invoiceId) {
        return pool.preparedQuery("SELECT open_amount FROM invoice_view WHERE customer_id = $1 AND invoice_id = $2")
                .execute(Tuple.of(customer, invoiceId)).await().atMost(TIMEOUT).iterator().next()
                .getBigDecimal("open_amount");
    }

    private String invoice(String invoiceId, String dueDate, String amount) {
        return """
                {"invoiceId": "%s", "customerId": "%s", "issueDate": "2026-10-01", "dueDate": "%s",
                 "currency": "%s", "amount": "%s"}""".formatted(invoiceId, customer, dueDate, CURRENCY, amount);
    }

    private String remittance(String paymentId, String amount, String toInv1, String toInv2) {
        return """
                {"paymentId": "%s", "customerId": "%s", "receivedDate": "2026-11-01", "currency": "%s",
                 "amount": "%s", "method": "WIRE",
                 "allocations": [{"invoiceId": "INV-1", "amount": "%s"}, {"invoiceId": "INV-2", "amount": "%s"}]}"""
                .formatted(paymentId, customer, CURRENCY, amount, toInv1, toInv2);
    }

    private void awaitBalance(String balance) {
        await().atMost(TIMEOUT).untilAsserted(() -> account().statusCode(200)
                .body("balances.find { it.currency == '" + CURRENCY + "' }.balance", equalTo(balance)));
    }

    /**
     * The sums kept and the sums counted from every invoice of every currency, in one statement (one snapshot): no
     * row of either without the same row in the other. Rows of settled due dates (zero invoices) stay kept and are
     * not counted, so they are left out.
     */
    private void assertAgree() {
        List<String> differences = new ArrayList<>();
        for (Row row : pool.query("""
                        WITH kept AS (SELECT currency, due_date, invoices, open_amount FROM open_invoice_totals
                                       WHERE invoices <> 0 OR open_amount <> 0),
                             counted AS (SELECT currency, due_date, count(*) AS invoices, sum(open_amount) AS open_amount
                                           FROM invoice_view WHERE open_amount > 0 GROUP BY currency, due_date)
                        SELECT 'kept, not counted' AS side, * FROM (SELECT * FROM kept EXCEPT SELECT * FROM counted) a
                        UNION ALL
                        SELECT 'counted, not kept', * FROM (SELECT * FROM counted EXCEPT SELECT * FROM kept) b""")
                .execute().await().atMost(TIMEOUT)) {
            differences.add(row.getString("side") + ": " + row.getString("currency") + " " + row.getLocalDate("due_date")
                    + " " + row.getLong("invoices") + " " + row.getBigDecimal("open_amount"));
        }
        assertThat(differences).isEmpty();
    }

    /** This test's currency's rows, by due date: "due date invoices amount" (the amount at two decimals). */
    private List<String> totals() {
        List<String> rows = new ArrayList<>();
        for (Row row : pool.preparedQuery("SELECT due_date, invoices, open_amount FROM open_invoice_totals"
                        + " WHERE currency = $1 ORDER BY due_date").execute(Tuple.of(CURRENCY)).await().atMost(TIMEOUT)) {
            rows.add(row(row.getLocalDate("due_date").toString(), row.getLong("invoices"),
                    row.getBigDecimal("open_amount").setScale(2).toPlainString()));
        }
        return rows;
    }

    private static String row(String dueDate, long invoices, String amount) {
        return dueDate + " " + invoices + " " + new BigDecimal(amount).setScale(2).toPlainString();
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + "{") && line.contains("currency=\"" + CURRENCY + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError(name + " for " + CURRENCY + " is not in /q/metrics"));
    }
}
