package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /accounts/{id}/open-items} and {@code /aging} are answered from JSON written once per account, stream
 * version and request (date, basis, buckets) and kept. These tests read an account (so an answer is kept), change its
 * stream by a path that is not a command of this request's making (ingest through Kafka), wait for the change in the
 * ledger only, and expect the very next read to show it; and they alternate requests of different dates and bases,
 * which must never be answered with another request's kept JSON.
 */
@QuarkusTest
class OpenItemsAnswersTest extends LedgerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    private String invoiceA;
    private String invoiceB;

    private ExtractableResponse<Response> openItems(String query) {
        return RestAssured.given().get("/accounts/{c}/open-items" + query, customer).then().statusCode(200).extract();
    }

    /** The stream's version in the ledger (never through the endpoint under test). */
    private long streamVersion() {
        return RestAssured.given().get("/accounts/{c}/movements?size=1", customer).then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    private void givenTwoInvoices() {
        invoiceA = LedgerApi.id("INV", customer, "A");
        invoiceB = LedgerApi.id("INV", customer, "B");
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceA, "2026-03-01", "2026-03-31", "1000.00", "March freight"));
        erp.binary(INVOICES, customer, "InvoiceIssued",
                LedgerApi.invoice(customer, invoiceB, "2026-04-01", "2026-05-01", "250.00", "April freight"));
        // Both invoices in the ledger (read from the stream, not the endpoints under test).
        await().atMost(TIMEOUT).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceB).then().statusCode(200));
        await().atMost(TIMEOUT).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceA).then().statusCode(200));
    }

    @Test
    void the_first_read_after_ingest_changed_the_stream_shows_the_change() {
        givenTwoInvoices();

        ExtractableResponse<Response> first = openItems("?asOf=2026-05-10");
        ExtractableResponse<Response> again = openItems("?asOf=2026-05-10");
        assertThat(first.contentType()).startsWith("application/json");
        assertThat(first.jsonPath().getList("invoiceId")).containsExactly(invoiceA, invoiceB);
        assertThat(first.jsonPath().getList("openAmount")).containsExactly("1000.00", "250.00");
        assertThat(first.jsonPath().getList("issueDate")).containsExactly("2026-03-01", "2026-04-01");
        assertThat(first.jsonPath().getList("dueDate")).containsExactly("2026-03-31", "2026-05-01");
        assertThat(first.jsonPath().getList("currency")).containsExactly("EUR", "EUR");
        assertThat(first.jsonPath().getList("days")).containsExactly(40, 9);
        assertThat(first.jsonPath().getList("bucket")).containsExactly("31-60", "1-30");
        assertThat(again.asString()).as("unchanged: the same answer").isEqualTo(first.asString());

        // Ingest changes the stream; nothing reads the open items until the ledger has the payment.
        erp.structured(PAYMENTS, customer, "PaymentReceived", LedgerApi.payment(customer,
                LedgerApi.id("PAY", customer, "1"), "2026-04-15", "500.00", "remittance attached",
                Map.of(invoiceA, "400.00")));
        await().atMost(TIMEOUT).untilAsserted(() -> RestAssured.given()
                .get("/accounts/{c}/invoices/{i}", customer, invoiceA).then().statusCode(200)
                .body("openAmount", equalTo("600.00")));

        ExtractableResponse<Response> paid = openItems("?asOf=2026-05-10");
        assertThat(paid.jsonPath().getList("invoiceId")).containsExactly(invoiceA, invoiceB);
        assertThat(paid.jsonPath().getList("openAmount")).containsExactly("600.00", "250.00");

        // The aging answer of the same request is kept beside it: its items are the open items, its buckets their sum.
        JsonPath aging = RestAssured.given().get("/accounts/{c}/aging?asOf=2026-05-10", customer).then()
                .statusCode(200).body("asOf", equalTo("2026-05-10")).extract().jsonPath();
        assertThat(aging.getList("items")).isEqualTo(paid.jsonPath().getList("$"));
        assertThat(aging.getString("currencies[0].openItems")).isEqualTo("850.00");
        assertThat(LedgerApi.bucket(aging.getMap("currencies[0]"), "31-60")).isEqualTo("600.00");
        // And the open items kept beside it are still the paid ones, not the ones kept before the payment.
        assertThat(openItems("?asOf=2026-05-10").asString()).isEqualTo(paid.asString());
    }

    @Test
    void requests_of_other_dates_and_bases_are_never_answered_with_another_requests_json() {
        givenTwoInvoices();

        for (int round = 0; round < 2; round++) {
            ExtractableResponse<Response> may = openItems("?asOf=2026-05-10");
            assertThat(may.jsonPath().getList("invoiceId")).containsExactly(invoiceA, invoiceB);
            assertThat(may.jsonPath().getList("days")).containsExactly(40, 9);

            ExtractableResponse<Response> march = openItems("?asOf=2026-03-15");
            assertThat(march.jsonPath().getList("invoiceId")).containsExactly(invoiceA);
            assertThat(march.jsonPath().getList("days")).as("not yet due").containsExactly(-16);
            assertThat(march.jsonPath().getList("bucket")).containsExactly("current");

            ExtractableResponse<Response> byIssueDate = openItems("?asOf=2026-05-10&basis=INVOICE_DATE");
            assertThat(byIssueDate.jsonPath().getList("invoiceId")).containsExactly(invoiceA, invoiceB);
            assertThat(byIssueDate.jsonPath().getList("days")).as("days since issue").containsExactly(70, 39);

            JsonPath twoBuckets = RestAssured.given().get("/accounts/{c}/aging?asOf=2026-05-10&buckets=0,45", customer)
                    .then().statusCode(200).extract().jsonPath();
            assertThat(twoBuckets.getList("bucketNames")).hasSize(3);
            List<Object> days = twoBuckets.getList("items.days");
            assertThat(days).containsExactly(40, 9);
        }
    }

    @Test
    void a_stream_written_again_up_to_the_same_version_is_never_hidden_by_the_kept_answer() {
        givenTwoInvoices();
        ExtractableResponse<Response> before = openItems("?asOf=2026-05-10");
        assertThat(before.jsonPath().getList("openAmount")).containsExactly("1000.00", "250.00");

        long version = streamVersion();

        // The stream as a restore would leave it: the same versions, the events from invoice B's issue on written
        // again (ids of their own), that issue with another amount. The last event is another one than the kept
        // answer's, at the same version.
        var rewritten = pool.preparedQuery("""
                        UPDATE events SET event_id = gen_random_uuid(),
                               payload = CASE WHEN version = b.first THEN jsonb_set(payload, '{amount}', '"400.00"')
                                              ELSE payload END
                          FROM (SELECT min(version) AS first FROM events
                                 WHERE stream_id = $1 AND payload ->> 'invoiceId' = $2) b
                         WHERE stream_id = $1 AND version >= b.first""")
                .execute(Tuple.of("account-" + customer, invoiceB)).await().atMost(TIMEOUT);
        assertThat(rewritten.rowCount()).isPositive();
        assertThat(streamVersion()).as("the version did not move").isEqualTo(version);

        // A kept answer checked by the version alone would show 250.00 for ever.
        ExtractableResponse<Response> after = openItems("?asOf=2026-05-10");
        assertThat(after.jsonPath().getList("invoiceId")).containsExactly(invoiceA, invoiceB);
        assertThat(after.jsonPath().getList("openAmount")).containsExactly("1000.00", "400.00");
    }
}
