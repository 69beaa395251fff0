package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ledgerline.receivables.it.LedgerApi.bucket;
import static io.ledgerline.receivables.it.LedgerApi.checkedCurrency;
import static io.ledgerline.receivables.it.LedgerApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

/**
 * The ledger's read endpoints as a collector's front end uses them: invoice detail, the account's movements a page at
 * a time, aging as of a date on either basis, open items, the portfolio aging and finding a document by its id.
 *
 * <p>The scenario: invoice A (1000.00, issued 1 March, due 31 March), invoice B (250.00, issued 1 April, due 1 May),
 * and on 15 April a payment of 500.00 whose remittance puts 400.00 on A; the other 100.00 stays unapplied cash.
 */
@QuarkusTest
class LedgerReadsTest extends LedgerTestBase {

    private String invoiceA;
    private String invoiceB;
    private String paymentId;

    /** Publishes the scenario as the ERP and the bank would and waits until the ledger has all of it. */
    private void givenTwoInvoicesAndAPartialPayment() {
        invoiceA = LedgerApi.id("INV", customer, "A");
        invoiceB = LedgerApi.id("INV", customer, "B");
        paymentId = LedgerApi.id("PAY", customer, "1");
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceA, "2026-03-01", "2026-03-31", "1000.00", "March freight"));
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceB, "2026-04-01", "2026-05-01", "250.00", "April freight"));
        // Both invoices in the ledger before the payment, so the movements come in a known order.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceB).then().statusCode(200));
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, paymentId, "2026-04-15",
                "500.00", "remittance attached", Map.of(invoiceA, "400.00")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceA).then().statusCode(200)
                .body("openAmount", equalTo("600.00")));
    }

    @Test
    void invoice_detail_shows_what_paid_it_and_its_history() {
        givenTwoInvoicesAndAPartialPayment();

        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceA).then()
                .statusCode(200)
                .body("customerId", equalTo(customer))
                .body("invoiceId", equalTo(invoiceA))
                .body("issueDate", equalTo("2026-03-01"))
                .body("dueDate", equalTo("2026-03-31"))
                .body("currency", equalTo("EUR"))
                .body("amount", equalTo("1000.00"))
                .body("applied", equalTo("400.00"))
                .body("writtenOff", equalTo("0.00"))
                .body("openAmount", equalTo("600.00"))
                .body("status", equalTo("PARTIALLY_PAID"))
                .body("applications", hasSize(1))
                .body("applications[0].sourceKind", equalTo("PAYMENT"))
                .body("applications[0].sourceId", equalTo(paymentId))
                .body("applications[0].rule", equalTo("REMITTANCE"))
                .body("applications[0].amount", equalTo("400.00"))
                .body("writeOffs", hasSize(0))
                // Only the events about this invoice: its issue and the application, not invoice B's.
                .body("history.type", contains("InvoiceIssued", "PaymentApplied"))
                .body("history[0].businessDate", equalTo("2026-03-01"))
                .body("history[0].data.amount", equalTo("1000.00"))
                .body("history[1].businessDate", equalTo("2026-04-15"))
                .body("history[1].data.sourceId", equalTo(paymentId))
                .body("history[1].data.amount", equalTo("400.00"));

        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, invoiceB).then()
                .statusCode(200)
                .body("openAmount", equalTo("250.00"))
                .body("status", equalTo("OPEN"))
                .body("applications", hasSize(0));

        RestAssured.given().get("/accounts/{c}/invoices/{i}", customer, "INV-NOT-THERE").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_INVOICE"))
                .body("status", equalTo(404));
    }

    @Test
    void movements_come_a_page_at_a_time_in_version_order() {
        givenTwoInvoicesAndAPartialPayment();

        JsonPath all = RestAssured.given().get("/accounts/{c}/movements?page=0&size=500", customer).then()
                .statusCode(200).extract().jsonPath();
        int total = all.getInt("total");
        assertThat(all.getList("items")).hasSize(total);
        assertThat(total).as("two invoices, the payment and its application at least").isGreaterThanOrEqualTo(4);
        List<String> types = all.getList("items.type", String.class);
        assertThat(types.subList(0, 2)).containsExactly("InvoiceIssued", "InvoiceIssued");
        assertThat(types).containsSubsequence("PaymentReceived", "PaymentApplied");
        List<Long> versions = all.getList("items.version", Long.class);
        for (int n = 0; n < versions.size(); n++) {
            assertThat(versions.get(n)).as("versions run 1, 2, 3, ... oldest first").isEqualTo(n + 1L);
        }
        assertThat(all.getString("items[0].businessDate")).isEqualTo("2026-03-01");
        assertThat(all.getString("items[0].recordedAt")).isNotBlank();
        assertThat(all.getString("items[0].data.invoiceId")).isEqualTo(invoiceA);

        List<Long> paged = new ArrayList<>();
        for (int page = 0; page * 2 < total; page++) {
            JsonPath one = RestAssured.given().get("/accounts/{c}/movements?page={p}&size=2", customer, page).then()
                    .statusCode(200)
                    .body("customerId", equalTo(customer))
                    .body("page", equalTo(page))
                    .body("size", equalTo(2))
                    .body("total", equalTo(total))
                    .extract().jsonPath();
            List<Long> items = one.getList("items.version", Long.class);
            assertThat(items).hasSize(Math.min(2, total - page * 2));
            paged.addAll(items);
        }
        assertThat(paged).isEqualTo(versions);
        RestAssured.given().get("/accounts/{c}/movements?page=0&size=2", customer).then()
                .body("items.version", contains(1, 2));
        RestAssured.given().get("/accounts/{c}/movements?page={p}&size=2", customer, total).then()
                .statusCode(200)
                .body("total", equalTo(total))
                .body("items", hasSize(0));

        RestAssured.given().get("/accounts/{c}/movements?size=0", customer).then()
                .statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("size"));
        RestAssured.given().get("/accounts/{c}/movements", "C-NOBODY-" + customer).then()
                .statusCode(404).body("code", equalTo("UNKNOWN_CUSTOMER"));
    }

    @Test
    void aging_by_due_date_puts_each_open_item_in_one_bucket_and_adds_up_to_the_balance() {
        givenTwoInvoicesAndAPartialPayment();

        // 10 May: A is 40 days past due with 600.00 open, B 9 days with 250.00; 100.00 of the payment unapplied.
        JsonPath may = RestAssured.given().get("/accounts/{c}/aging?asOf=2026-05-10&basis=DUE_DATE", customer).then()
                .statusCode(200)
                .body("asOf", equalTo("2026-05-10"))
                .body("basis", equalTo("DUE_DATE"))
                .body("bucketNames", contains("current", "1-30", "31-60", "61-90", "91-120", "over 120"))
                .body("items", hasSize(2))
                .extract().jsonPath();
        Map<String, Object> eur = checkedCurrency(may, "EUR");
        assertThat(bucket(eur, "current")).isEqualTo("0.00");
        assertThat(bucket(eur, "1-30")).isEqualTo("250.00");
        assertThat(bucket(eur, "31-60")).isEqualTo("600.00");
        assertThat(bucket(eur, "61-90")).isEqualTo("0.00");
        assertThat(eur.get("openItems")).isEqualTo("850.00");
        assertThat(eur.get("unappliedCash")).isEqualTo("100.00");
        assertThat(eur.get("unappliedCredits")).isEqualTo("0.00");
        assertThat(eur.get("balance")).isEqualTo("750.00");
        Map<String, Object> itemA = item(may, invoiceA);
        assertThat(itemA.get("openAmount")).isEqualTo("600.00");
        assertThat(itemA.get("days")).isEqualTo(40);
        assertThat(itemA.get("bucket")).isEqualTo("31-60");
        assertThat(item(may, invoiceB).get("days")).isEqualTo(9);

        // The default basis is the due date.
        RestAssured.given().get("/accounts/{c}/aging?asOf=2026-05-10", customer).then()
                .statusCode(200).body("basis", equalTo("DUE_DATE"))
                .body("currencies[0].balance", equalTo("750.00"));
    }

    @Test
    void aging_as_of_a_day_before_the_payment_shows_the_invoice_fully_open() {
        givenTwoInvoicesAndAPartialPayment();

        JsonPath april = RestAssured.given().get("/accounts/{c}/aging?asOf=2026-04-10&basis=DUE_DATE", customer)
                .then().statusCode(200).extract().jsonPath();
        Map<String, Object> eur = checkedCurrency(april, "EUR");
        assertThat(item(april, invoiceA).get("openAmount")).isEqualTo("1000.00");
        assertThat(item(april, invoiceA).get("bucket")).isEqualTo("1-30");
        assertThat(item(april, invoiceB).get("bucket")).isEqualTo("current");
        assertThat(bucket(eur, "current")).isEqualTo("250.00");
        assertThat(bucket(eur, "1-30")).isEqualTo("1000.00");
        assertThat(eur.get("unappliedCash")).isEqualTo("0.00");
        assertThat(eur.get("balance")).isEqualTo("1250.00");

        // Before invoice B existed, only A is open.
        RestAssured.given().get("/accounts/{c}/aging?asOf=2026-03-15", customer).then().statusCode(200)
                .body("items.invoiceId", contains(invoiceA))
                .body("items[0].bucket", equalTo("current"))
                .body("currencies[0].openItems", equalTo("1000.00"));
    }

    @Test
    void aging_by_invoice_date_counts_from_the_issue_date() {
        givenTwoInvoicesAndAPartialPayment();

        JsonPath byIssue = RestAssured.given().get("/accounts/{c}/aging?asOf=2026-05-10&basis=INVOICE_DATE", customer)
                .then().statusCode(200).body("basis", equalTo("INVOICE_DATE")).extract().jsonPath();
        Map<String, Object> eur = checkedCurrency(byIssue, "EUR");
        assertThat(item(byIssue, invoiceA).get("days")).isEqualTo(70);
        assertThat(item(byIssue, invoiceA).get("bucket")).isEqualTo("61-90");
        assertThat(item(byIssue, invoiceB).get("days")).isEqualTo(39);
        assertThat(item(byIssue, invoiceB).get("bucket")).isEqualTo("31-60");
        assertThat(bucket(eur, "61-90")).isEqualTo("600.00");
        assertThat(bucket(eur, "31-60")).isEqualTo("250.00");
        assertThat(eur.get("balance")).isEqualTo("750.00");
    }

    @Test
    void bad_aging_parameters_are_400_naming_the_parameter() {
        givenTwoInvoicesAndAPartialPayment();

        RestAssured.given().get("/accounts/{c}/aging?basis=BY_MOON", customer).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", not(emptyOrNullString()))
                .body("errors[0].field", equalTo("basis"));
        RestAssured.given().get("/accounts/{c}/aging?asOf=not-a-date", customer).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("INVALID_DATE"))
                .body("errors[0].field", equalTo("asOf"));
        RestAssured.given().get("/accounts/{c}/aging?asOf=2026-02-30", customer).then()
                .statusCode(400).body("errors[0].field", equalTo("asOf"));
        RestAssured.given().get("/aging?basis=by-moon").then()
                .statusCode(400).body("errors[0].field", equalTo("basis"));
        RestAssured.given().get("/aging?asOf=31.12.2026").then()
                .statusCode(400).body("errors[0].field", equalTo("asOf"));
    }

    @Test
    void open_items_list_what_is_open_with_age_and_bucket() {
        givenTwoInvoicesAndAPartialPayment();

        RestAssured.given().get("/accounts/{c}/open-items?asOf=2026-05-10", customer).then()
                .statusCode(200)
                .body("invoiceId", contains(invoiceA, invoiceB))
                .body("openAmount", contains("600.00", "250.00"))
                .body("bucket", contains("31-60", "1-30"))
                .body("days", contains(40, 9))
                .body("dueDate", contains("2026-03-31", "2026-05-01"));
        RestAssured.given().get("/accounts/{c}/open-items?asOf=2026-03-15", customer).then()
                .statusCode(200)
                .body("invoiceId", contains(invoiceA))
                .body("openAmount", contains("1000.00"));
    }

    /**
     * Open items are kept per account version (a front end reading an account again is answered without folding its
     * events again): a change made in between shows at once, since it gives the stream a new version.
     */
    @Test
    void open_items_read_again_right_after_a_change_show_the_change() {
        givenTwoInvoicesAndAPartialPayment();
        for (int read = 0; read < 2; read++) {
            RestAssured.given().get("/accounts/{c}/open-items", customer).then()
                    .statusCode(200)
                    .body("invoiceId", contains(invoiceA, invoiceB))
                    .body("openAmount", contains("600.00", "250.00"));
        }

        json().body("{\"amount\": \"50.00\", \"reason\": \"freight surcharge\"}")
                .post("/accounts/{c}/invoices/{i}/adjustments", customer, invoiceB).then()
                .statusCode(200);

        // No waiting: the answer comes from the ledger, never from a projection that may lag.
        RestAssured.given().get("/accounts/{c}/open-items", customer).then()
                .statusCode(200)
                .body("openAmount", contains("600.00", "300.00"));
        RestAssured.given().get("/accounts/{c}/open-items?asOf=2026-05-10", customer).then()
                .statusCode(200)
                .body("openAmount", contains("600.00", "250.00"));
    }

    @Test
    void portfolio_aging_contains_this_customers_amounts() {
        givenTwoInvoicesAndAPartialPayment();

        JsonPath portfolio = RestAssured.given().get("/aging?asOf=2026-05-10&basis=DUE_DATE").then()
                .statusCode(200)
                .body("asOf", equalTo("2026-05-10"))
                .body("items.invoiceId", hasItem(invoiceA))
                .extract().jsonPath();
        // Other tests' customers are in the portfolio too: this one's items exactly, the totals at least.
        assertThat(item(portfolio, invoiceA).get("openAmount")).isEqualTo("600.00");
        assertThat(item(portfolio, invoiceA).get("bucket")).isEqualTo("31-60");
        assertThat(item(portfolio, invoiceB).get("openAmount")).isEqualTo("250.00");
        assertThat(item(portfolio, invoiceB).get("bucket")).isEqualTo("1-30");
        Map<String, Object> eur = checkedCurrency(portfolio, "EUR");
        assertThat(LedgerApi.money(bucket(eur, "31-60"))).isGreaterThanOrEqualTo(new java.math.BigDecimal("600.00"));
        assertThat(LedgerApi.money(bucket(eur, "1-30"))).isGreaterThanOrEqualTo(new java.math.BigDecimal("250.00"));
        assertThat(LedgerApi.money(eur.get("openItems"))).isGreaterThanOrEqualTo(new java.math.BigDecimal("850.00"));
        assertThat(LedgerApi.money(eur.get("unappliedCash"))).isGreaterThanOrEqualTo(new java.math.BigDecimal("100.00"));
    }

    @Test
    void search_finds_invoices_and_payments_by_their_ids() {
        givenTwoInvoicesAndAPartialPayment();

        // The read model follows the ledger asynchronously: wait until it shows the payment, then check the hit.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/search?invoiceId={i}", invoiceA).then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].status", equalTo("PARTIALLY_PAID")));
        // Amounts in the currency's decimals, as everywhere else in the API.
        RestAssured.given().get("/search?invoiceId={i}", invoiceA).then()
                .body("[0].customerId", equalTo(customer))
                .body("[0].kind", equalTo("INVOICE"))
                .body("[0].id", equalTo(invoiceA))
                .body("[0].currency", equalTo("EUR"))
                .body("[0].amount", equalTo("1000.00"))
                .body("[0].open", equalTo("600.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/search?paymentId={p}", paymentId).then()
                .statusCode(200)
                .body("", hasSize(1))
                .body("[0].status", equalTo("PARTIALLY_APPLIED")));
        RestAssured.given().get("/search?paymentId={p}", paymentId).then()
                .body("[0].customerId", equalTo(customer))
                .body("[0].kind", equalTo("PAYMENT"))
                .body("[0].id", equalTo(paymentId))
                .body("[0].currency", equalTo("EUR"))
                .body("[0].amount", equalTo("500.00"))
                .body("[0].open", equalTo("100.00"));

        RestAssured.given().get("/search?invoiceId={i}", "INV-NOWHERE-" + customer).then()
                .statusCode(200).body("", hasSize(0));
        // A payment id is not an invoice id.
        RestAssured.given().get("/search?invoiceId={p}", paymentId).then().statusCode(200).body("", hasSize(0));
    }

    @Test
    void search_wants_exactly_one_id() {
        RestAssured.given().get("/search").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", not(emptyOrNullString()));
        RestAssured.given().get("/search?invoiceId=INV-1&paymentId=PAY-1").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", not(emptyOrNullString()));
        RestAssured.given().get("/search?invoiceId={i}", "bad id!").then()
                .statusCode(400)
                .body("errors[0].field", equalTo("invoiceId"));
        json().get("/search?paymentId=PAY-1&creditNoteId=CN-1").then().statusCode(400);
    }

    private static Map<String, Object> item(JsonPath report, String invoiceId) {
        List<Map<String, Object>> items = report.getList("items");
        List<Map<String, Object>> found = items.stream().filter(i -> invoiceId.equals(i.get("invoiceId"))).toList();
        assertThat(found).as("exactly one item for " + invoiceId).hasSize(1);
        return found.getFirst();
    }
}
