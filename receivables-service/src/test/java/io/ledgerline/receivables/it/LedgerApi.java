package io.ledgerline.receivables.it;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the ledger-API tests share: ingest documents with dates of the test's choosing (so aging, statements and
 * delinquency land on predictable days), a JSON request as a front end sends it, and the arithmetic every aging
 * report must satisfy.
 */
final class LedgerApi {

    static final String EVENTS = "ledgerline.receivables.events";

    private LedgerApi() {
    }

    static String invoice(String customer, String invoiceId, String issueDate, String dueDate, String amount,
                          String description) {
        return """
                {"invoiceId": "%s", "customerId": "%s", "issueDate": "%s", "dueDate": "%s",
                 "currency": "EUR", "amount": "%s", "description": "%s"}"""
                .formatted(invoiceId, customer, issueDate, dueDate, amount, description);
    }

    /** A payment; {@code allocations} is the remittance advice (invoiceId to amount), none when empty. */
    static String payment(String customer, String paymentId, String receivedDate, String amount, String reference,
                          Map<String, String> allocations) {
        String lines = allocations.isEmpty() ? "" : ", \"allocations\": [" + String.join(", ", allocations.entrySet()
                .stream().map(e -> "{\"invoiceId\": \"%s\", \"amount\": \"%s\"}".formatted(e.getKey(), e.getValue()))
                .toList()) + "]";
        return """
                {"paymentId": "%s", "customerId": "%s", "receivedDate": "%s", "currency": "EUR",
                 "amount": "%s", "method": "SEPA", "reference": "%s"%s}"""
                .formatted(paymentId, customer, receivedDate, amount, reference, lines);
    }

    static String creditNote(String customer, String creditNoteId, String issueDate, String amount, String invoiceId,
                             String reason) {
        return """
                {"creditNoteId": "%s", "customerId": "%s", "issueDate": "%s", "currency": "EUR",
                 "amount": "%s", "invoiceId": "%s", "reason": "%s"}"""
                .formatted(creditNoteId, customer, issueDate, amount, invoiceId, reason);
    }

    /** A business id unique to this test's customer: search is across all customers, so ids must not collide. */
    static String id(String prefix, String customer, String suffix) {
        return prefix + "-" + customer.substring(2) + "-" + suffix;
    }

    static RequestSpecification json() {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON);
    }

    static BigDecimal money(Object text) {
        assertThat(text).as("amounts are JSON strings").isInstanceOf(String.class);
        return new BigDecimal((String) text);
    }

    /**
     * The invariants of an aging report for one currency: the buckets add up to the open items, and open items less
     * unapplied cash and credits is the balance. Returns the currency's entry for further checks.
     */
    static Map<String, Object> checkedCurrency(JsonPath aging, String currency) {
        List<Map<String, Object>> currencies = aging.getList("currencies");
        Map<String, Object> entry = currencies.stream().filter(c -> currency.equals(c.get("currency"))).findFirst()
                .orElseThrow(() -> new AssertionError("no " + currency + " in " + aging.prettify()));
        @SuppressWarnings("unchecked")
        Map<String, Object> buckets = (Map<String, Object>) entry.get("buckets");
        assertThat(buckets.keySet()).containsExactlyElementsOf(aging.getList("bucketNames", String.class));
        BigDecimal sum = buckets.values().stream().map(LedgerApi::money).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal open = money(entry.get("openItems"));
        assertThat(sum).as("buckets add up to the open items").isEqualByComparingTo(open);
        assertThat(open.subtract(money(entry.get("unappliedCash"))).subtract(money(entry.get("unappliedCredits"))))
                .as("open items - unapplied cash - unapplied credits = balance")
                .isEqualByComparingTo(money(entry.get("balance")));
        return entry;
    }

    @SuppressWarnings("unchecked")
    static String bucket(Map<String, Object> currency, String name) {
        return (String) ((Map<String, Object>) currency.get("buckets")).get(name);
    }
}
