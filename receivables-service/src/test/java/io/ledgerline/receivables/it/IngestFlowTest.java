package io.ledgerline.receivables.it;

import io.ledgerline.events.EventJson;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ledgerline.testsupport.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The first flow end to end: an ERP publishes an invoice (binary mode), a bank a payment (structured mode), the ledger
 * records both, the REST API shows the balance and the domain events appear on ledgerline.receivables.events.
 */
@QuarkusTest
class IngestFlowTest extends LedgerTestBase {

    @Test
    void invoice_and_payment_show_in_the_balance_and_as_domain_events() {
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-2026-000123", "1250.00"));
        erp.structured(PAYMENTS, customer, "PaymentReceived", payment("PAY-5531", "1200.00", "INV-2026-000123", "1200.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account()
                .statusCode(200)
                .body("balances", hasSize(1))
                .body("balances[0].currency", equalTo("EUR"))
                .body("balances[0].balance", equalTo("50.00"))
                .body("balances[0].openItems", equalTo("50.00"))
                .body("balances[0].unappliedCash", equalTo("0.00"))
                .body("openInvoices[0].invoiceId", equalTo("INV-2026-000123"))
                .body("openInvoices[0].amount", equalTo("1250.00"))
                .body("openInvoices[0].openAmount", equalTo("50.00"))
                .body("openInvoices[0].status", equalTo("PARTIALLY_PAID")));

        try (TopicReader events = new TopicReader(bootstrapServers(), "ledgerline.receivables.events")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> events.forKey(customer).size() >= 3);
            List<ConsumerRecord<byte[], byte[]>> mine = events.forKey(customer);
            assertThat(mine).extracting(r -> header(r, "ce_type")).containsExactly(
                    "io.ledgerline.receivables.InvoiceIssued.v1",
                    "io.ledgerline.receivables.PaymentReceived.v1",
                    "io.ledgerline.receivables.PaymentApplied.v1");
            for (ConsumerRecord<byte[], byte[]> record : mine) {
                assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
                assertThat(header(record, "ce_id")).isNotBlank();
                assertThat(header(record, "ce_source")).isEqualTo("receivables-service");
                assertThat(header(record, "ce_subject")).isEqualTo("account-" + customer);
                assertThat(header(record, "ce_time")).isNotBlank();
                assertThat(header(record, "content-type")).isEqualTo("application/json");
            }
            assertThat(mine).extracting(r -> header(r, "ce_id")).doesNotHaveDuplicates();
            var applied = EventJson.readTree(mine.get(2).value());
            assertThat(applied.get("invoiceId").asText()).isEqualTo("INV-2026-000123");
            assertThat(applied.get("amount").asText()).isEqualTo("1200.00");
            assertThat(applied.get("rule").asText()).isEqualTo("REMITTANCE");
            assertThat(applied.get("sourceId").asText()).isEqualTo("PAY-5531");
            assertThat(applied.get("customerId").asText()).isEqualTo(customer);
        }
    }

    @Test
    void a_payment_that_names_an_invoice_still_to_come_waits_for_it() {
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-1", "300.00", "INV-LATE", "300.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("-300.00"))
                .body("unappliedCash[0].id", equalTo("PAY-1"))
                .body("unappliedCash[0].unapplied", equalTo("300.00")));

        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-LATE", "500.00"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("200.00"))
                .body("openInvoices[0].openAmount", equalTo("200.00"))
                .body("unappliedCash", hasSize(0)));
    }

    @Test
    void unknown_accounts_and_bad_ids_are_answered_with_problem_details() {
        RestAssured.given().get("/accounts/{id}", "C-NOBODY").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("code", equalTo("UNKNOWN_CUSTOMER"))
                .body("status", equalTo(404));
        RestAssured.given().get("/accounts/{id}", "bad id!").then()
                .statusCode(400)
                .contentType("application/problem+json")
                .body("errors[0].field", equalTo("customerId"));
    }

    @Test
    void the_openapi_document_describes_the_account_endpoint() {
        RestAssured.given().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/accounts/{customerId}"));
    }
}
