package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.ledgerline.receivables.it.LedgerApi.checkedCurrency;
import static io.ledgerline.receivables.it.LedgerApi.money;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The customer statement for March, as an AR clerk sends it: February's documents make the opening balance, March's
 * invoice, credit note and payment are the movements, April's invoice is not on it, and the closing balance and the
 * aging are as of 31 March. In JSON, and in CSV for a spreadsheet (by {@code format=csv} or {@code Accept}).
 */
@QuarkusTest
class StatementTest extends LedgerTestBase {

    private String inv1;
    private String inv2;
    private String inv3;
    private String creditNote;
    private String pay1;
    private String pay2;

    /**
     * February: invoice 1 (300.00) and a payment of 100.00 on it: opening balance 200.00. March: invoice 2 (500.00),
     * a credit note of 50.00 on it, a payment of 200.00 that settles invoice 1: closing 450.00. April: invoice 3
     * (70.00), after the period.
     */
    private void givenDocumentsAcrossTwoMonths() {
        inv1 = LedgerApi.id("INV", customer, "1");
        inv2 = LedgerApi.id("INV", customer, "2");
        inv3 = LedgerApi.id("INV", customer, "3");
        creditNote = LedgerApi.id("CN", customer, "1");
        pay1 = LedgerApi.id("PAY", customer, "1");
        pay2 = LedgerApi.id("PAY", customer, "2");
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, inv1, "2026-02-10", "2026-03-12", "300.00", "February freight"));
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, inv2, "2026-03-05", "2026-04-04", "500.00", "March freight"));
        erp.binary(INVOICES, customer, "CreditNoteIssued",
                LedgerApi.creditNote(customer, creditNote, "2026-03-10", "50.00", inv2, "damaged pallet"));
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, inv3, "2026-04-02", "2026-05-02", "70.00", "April freight"));
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, pay1, "2026-02-20", "100.00",
                "first instalment", Map.of(inv1, "100.00")));
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer, pay2, "2026-03-20", "200.00",
                "rest of February", Map.of(inv1, "200.00")));
        // All six documents in: what is owed overall is 300 - 100 + 500 - 50 - 200 + 70.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/statement?from=2026-01-01&to=2026-12-31", customer).then().statusCode(200)
                .body("currencies[0].closingBalance", equalTo("520.00"))
                .body("currencies[0].movements.size()", equalTo(6)));
    }

    @Test
    void statement_has_opening_balance_movements_closing_balance_and_aging() {
        givenDocumentsAcrossTwoMonths();

        JsonPath march = RestAssured.given().accept("application/json")
                .get("/accounts/{c}/statement?from=2026-03-01&to=2026-03-31", customer).then()
                .statusCode(200)
                .contentType("application/json")
                .body("customerId", equalTo(customer))
                .body("from", equalTo("2026-03-01"))
                .body("to", equalTo("2026-03-31"))
                .body("currencies.currency", contains("EUR"))
                .body("currencies[0].openingBalance", equalTo("200.00"))
                .body("currencies[0].movements.type", contains("INVOICE", "CREDIT_NOTE", "PAYMENT"))
                .body("currencies[0].movements.date", contains("2026-03-05", "2026-03-10", "2026-03-20"))
                .body("currencies[0].movements.reference", contains(inv2, creditNote, pay2))
                .body("currencies[0].movements.amount", contains("500.00", "-50.00", "-200.00"))
                .body("currencies[0].movements.balance", contains("700.00", "650.00", "450.00"))
                .body("currencies[0].movements[0].description", equalTo("March freight"))
                .body("currencies[0].movements[1].description", equalTo("damaged pallet"))
                .body("currencies[0].closingBalance", equalTo("450.00"))
                .extract().jsonPath();

        BigDecimal opening = money(march.get("currencies[0].openingBalance"));
        BigDecimal movements = march.getList("currencies[0].movements.amount", String.class).stream()
                .map(BigDecimal::new).reduce(BigDecimal.ZERO, BigDecimal::add);
        assertThat(opening.add(movements)).as("closing = opening + the movements")
                .isEqualByComparingTo(money(march.get("currencies[0].closingBalance")));

        // The aging at the period's end: invoice 1 settled, invoice 2 has 450.00 open and is not yet due, invoice 3
        // does not exist yet.
        assertThat(march.getString("aging.asOf")).isEqualTo("2026-03-31");
        assertThat(march.getList("aging.items.invoiceId", String.class)).containsExactly(inv2);
        assertThat(march.getString("aging.items[0].openAmount")).isEqualTo("450.00");
        assertThat(march.getString("aging.items[0].bucket")).isEqualTo("current");
        JsonPath aging = JsonPath.from(march.prettify()).setRootPath("aging");
        Map<String, Object> eur = checkedCurrency(aging, "EUR");
        assertThat(eur.get("balance")).as("the aging's balance is the closing balance").isEqualTo("450.00");

        // February alone: its closing balance is March's opening.
        RestAssured.given().get("/accounts/{c}/statement?from=2026-02-01&to=2026-02-28", customer).then()
                .statusCode(200)
                .body("currencies[0].openingBalance", equalTo("0.00"))
                .body("currencies[0].movements.type", contains("INVOICE", "PAYMENT"))
                .body("currencies[0].closingBalance", equalTo("200.00"));

        // A quiet period: no movements, opening = closing = everything before it.
        RestAssured.given().get("/accounts/{c}/statement?from=2026-06-01&to=2026-06-30", customer).then()
                .statusCode(200)
                .body("currencies[0].openingBalance", equalTo("520.00"))
                .body("currencies[0].movements.size()", equalTo(0))
                .body("currencies[0].closingBalance", equalTo("520.00"));
    }

    @Test
    void statement_as_csv_by_format_or_accept_header() {
        givenDocumentsAcrossTwoMonths();

        String byFormat = RestAssured.given()
                .get("/accounts/{c}/statement?from=2026-03-01&to=2026-03-31&format=csv", customer).then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .header("Content-Disposition", containsString("attachment"))
                .extract().asString();
        List<String> lines = byFormat.lines().toList();
        assertThat(lines).containsExactly(
                "currency,date,type,reference,description,debit,credit,balance",
                "EUR,2026-03-01,OPENING_BALANCE,,,,,200.00",
                "EUR,2026-03-05,INVOICE," + inv2 + ",March freight,500.00,,700.00",
                "EUR,2026-03-10,CREDIT_NOTE," + creditNote + ",damaged pallet,,50.00,650.00",
                "EUR,2026-03-20,PAYMENT," + pay2 + ",rest of February,,200.00,450.00",
                "EUR,2026-03-31,CLOSING_BALANCE,,,,,450.00");

        String byAccept = RestAssured.given().accept("text/csv")
                .get("/accounts/{c}/statement?from=2026-03-01&to=2026-03-31", customer).then()
                .statusCode(200)
                .contentType(startsWith("text/csv"))
                .extract().asString();
        assertThat(byAccept).isEqualTo(byFormat);
    }

    @Test
    void from_after_to_is_400() {
        givenDocumentsAcrossTwoMonths();

        RestAssured.given().get("/accounts/{c}/statement?from=2026-04-01&to=2026-03-31", customer).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("errors[0].field", equalTo("from"));
        RestAssured.given().get("/accounts/{c}/statement?from=2026-03-01&to=end-of-march", customer).then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("to"));
        RestAssured.given().get("/accounts/{c}/statement?from=2026-03-01&to=2026-03-31", "C-NOBODY-" + customer)
                .then().statusCode(404).body("code", equalTo("UNKNOWN_CUSTOMER"));
    }
}
