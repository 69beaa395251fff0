package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.ledgerline.receivables.it.LedgerApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * {@code GET /accounts/{id}} is answered from a copy of its JSON kept per account and read-model state. These tests
 * read the account (so a copy is kept), change its read model without reading it in between, wait for the change in
 * the database itself, and then expect the very next read to show it: after ingest, after a command, and after a
 * rebuild that rewrites the rows at the same version (where the version alone would not tell).
 */
@QuarkusTest
class AccountAnswersTest extends LedgerTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    /** The account's version in the read model, straight from the table (never through the endpoint under test). */
    private long readModelVersion() {
        var rows = pool.preparedQuery("SELECT version FROM account_view WHERE customer_id = $1")
                .execute(Tuple.of(customer)).await().atMost(TIMEOUT);
        return rows.size() == 0 ? 0 : rows.iterator().next().getLong(0);
    }

    /** The stream's version in the ledger. */
    private long streamVersion() {
        return RestAssured.given().get("/accounts/{c}/movements?size=1", customer).then().statusCode(200)
                .extract().jsonPath().getLong("total");
    }

    /** Waits until the read model holds the stream's newest event, watching the table only. */
    private long awaitReadModelCaughtUp(long atLeast) {
        await().atMost(TIMEOUT).until(() -> streamVersion() >= atLeast);
        long stream = streamVersion();
        await().atMost(TIMEOUT).until(() -> readModelVersion() == stream);
        return stream;
    }

    private static String openAmount(ExtractableResponse<Response> account, String invoiceId) {
        return account.jsonPath().getString("openInvoices.find { it.invoiceId == '" + invoiceId + "' }.openAmount");
    }

    @Test
    void the_first_read_after_ingest_or_a_command_changed_the_read_model_shows_the_change() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", "1000.00"));
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-2", "500.00"));
        await().atMost(TIMEOUT).untilAsserted(() -> account().statusCode(200).body("openInvoices.size()", equalTo(2)));

        ExtractableResponse<Response> first = account().statusCode(200).extract();
        ExtractableResponse<Response> again = account().statusCode(200).extract();
        long version = first.jsonPath().getLong("version");
        assertThat(first.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(first.contentType()).startsWith("application/json");
        assertThat(again.asString()).as("unchanged: the same answer").isEqualTo(first.asString());
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));

        // Ingest changes the account; nothing reads it until the read model has the change.
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-1", "300.00", "INV-1", "300.00"));
        long afterPayment = awaitReadModelCaughtUp(version + 1);

        ExtractableResponse<Response> paid = account().statusCode(200).extract();
        assertThat(paid.header("ETag")).isEqualTo("\"" + afterPayment + "\"");
        assertThat(paid.jsonPath().getLong("version")).isEqualTo(afterPayment);
        assertThat(openAmount(paid, "INV-1")).isEqualTo("700.00");
        assertThat(paid.jsonPath().getString("balances[0].balance")).isEqualTo("1200.00");

        // A command changes it, with the ETag just shown as If-Match.
        long afterWriteOff = json().header("If-Match", paid.header("ETag"))
                .body("{\"amount\": \"20.00\", \"reasonCode\": \"GOODWILL\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, "INV-2").then()
                .statusCode(200).extract().jsonPath().getLong("version");
        awaitReadModelCaughtUp(afterWriteOff);

        ExtractableResponse<Response> writtenOff = account().statusCode(200).extract();
        assertThat(writtenOff.header("ETag")).isEqualTo("\"" + afterWriteOff + "\"");
        assertThat(openAmount(writtenOff, "INV-2")).isEqualTo("480.00");
        assertThat(writtenOff.jsonPath().getString("balances[0].balance")).isEqualTo("1180.00");
        // And the ETag shown is what the next command may send: the account has not moved since.
        json().header("If-Match", writtenOff.header("ETag"))
                .body("{\"amount\": \"5.00\", \"reasonCode\": \"GOODWILL\"}")
                .post("/accounts/{c}/invoices/{i}/write-offs", customer, "INV-2").then()
                .statusCode(200);
    }

    @Test
    void rows_rewritten_at_the_same_version_by_a_rebuild_are_never_hidden_by_the_kept_answer() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-1", "1000.00"));
        await().atMost(TIMEOUT).untilAsserted(() -> account().statusCode(200).body("openInvoices.size()", equalTo(1)));
        ExtractableResponse<Response> truth = account().statusCode(200).extract();
        long version = truth.jsonPath().getLong("version");

        // A writer that leaves the read model wrong at the same version (a projection bug, say), writing as every
        // writer of these tables does: the account row's written_in is its transaction's.
        pool.withTransaction(tx -> tx.preparedQuery("UPDATE invoice_view SET open_amount = 1.00 WHERE customer_id = $1")
                        .execute(Tuple.of(customer))
                        .chain(() -> tx.preparedQuery("UPDATE account_view SET written_in ="
                                        + " cast(cast(pg_current_xact_id() AS text) AS bigint) WHERE customer_id = $1")
                                .execute(Tuple.of(customer))))
                .await().atMost(TIMEOUT);
        ExtractableResponse<Response> wrong = account().statusCode(200).extract();
        assertThat(openAmount(wrong, "INV-1")).as("what the read model holds now").isEqualTo("1.00");
        assertThat(wrong.header("ETag")).isEqualTo("\"" + version + "\"");

        // The fix: a rebuild replays the events and swaps the rows in, the account still at the same version.
        RestAssured.given().post("/admin/projections/{name}/rebuild", "accounts").then().statusCode(202);
        // Read until the rebuilt rows show: a kept answer checked by the version alone would show 1.00 for ever.
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
                assertThat(openAmount(account().statusCode(200).extract(), "INV-1")).isEqualTo("1000.00"));
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            var status = RestAssured.given().get("/admin/projections").then().statusCode(200).extract().jsonPath();
            assertThat(status.getBoolean("find { it.name == 'accounts' }.rebuilding")).isFalse();
        });
        assertThat(readModelVersion()).as("the rows changed, the version did not").isEqualTo(version);

        ExtractableResponse<Response> rebuilt = account().statusCode(200).extract();
        assertThat(openAmount(rebuilt, "INV-1")).isEqualTo("1000.00");
        assertThat(rebuilt.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(rebuilt.asString()).isEqualTo(truth.asString());
    }
}
