package io.ledgerline.receivables.it;

import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.ledgerline.testsupport.TopicReader.header;
import static io.ledgerline.testsupport.TopicReader.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Bad records go to ledgerline.ingest.rejected unchanged with a stable code, and never stop the records behind them.
 */
@QuarkusTest
class RejectionTest extends LedgerTestBase {

    @Test
    void each_bad_record_is_rejected_with_its_code_and_the_good_ones_behind_it_are_recorded() {
        String good = invoice("INV-A", "100.00");
        String malformedId = publishRaw("{\"invoiceId\": \"INV-X\", ");
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"issueDate\": \"2026-10-01\",", ""));
        erp.binary(INVOICES, customer, "InvoicePaid", good);
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"EUR\"", "\"EURO\""));
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"100.00\"", "\"10.001\""));
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"100.00\"", "\"-5.00\""));
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"dueDate\": \"2026-10-31\"", "\"dueDate\": \"2026-09-30\""));
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("October freight", "x".repeat(300 * 1024)));
        erp.binary(INVOICES, customer, "InvoiceIssued", good);
        erp.binary(INVOICES, customer, "InvoiceIssued", good.replace("\"100.00\"", "\"200.00\""));
        erp.binary(INVOICES, customer, "InvoiceIssued", good);
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-B", "50.00"));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("150.00"))
                .body("openInvoices", hasSize(2)));

        try (TopicReader rejected = new TopicReader(bootstrapServers(), "ledgerline.ingest.rejected")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> rejected.forKey(customer).size() >= 9);
            List<ConsumerRecord<byte[], byte[]>> mine = rejected.forKey(customer);
            assertThat(mine).extracting(r -> header(r, "ledgerline-error-code")).containsExactly(
                    "MALFORMED_JSON", "MISSING_FIELD", "UNKNOWN_EVENT_TYPE", "INVALID_CURRENCY", "TOO_MANY_DECIMALS",
                    "INVALID_AMOUNT", "DUE_DATE_BEFORE_ISSUE_DATE", "VALUE_TOO_LARGE", "CONFLICTING_DUPLICATE");
            assertThat(header(mine.get(1), "ledgerline-error-field")).isEqualTo("issueDate");
            for (ConsumerRecord<byte[], byte[]> record : mine) {
                assertThat(header(record, "ledgerline-error-detail")).isNotBlank();
                assertThat(header(record, "ledgerline-source-topic")).isEqualTo(INVOICES);
                assertThat(Integer.parseInt(header(record, "ledgerline-source-partition"))).isNotNegative();
                assertThat(Long.parseLong(header(record, "ledgerline-source-offset"))).isNotNegative();
                assertThat(text(record.key())).isEqualTo(customer);
            }
            // Forwarded unchanged: the original value and the original CloudEvents headers.
            assertThat(text(mine.getFirst().value())).isEqualTo("{\"invoiceId\": \"INV-X\", ");
            assertThat(header(mine.getFirst(), "ce_id")).isEqualTo(malformedId);
            assertThat(text(mine.get(3).value())).contains("\"EURO\"");
        }
    }

    private String publishRaw(String value) {
        RecordHeaders headers = new RecordHeaders();
        String id = "malformed-" + customer;
        headers.add("ce_specversion", ErpPublisher.utf8("1.0"));
        headers.add("ce_id", ErpPublisher.utf8(id));
        headers.add("ce_source", ErpPublisher.utf8("erp-eu-1"));
        headers.add("ce_type", ErpPublisher.utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
        headers.add("content-type", ErpPublisher.utf8("application/json"));
        erp.raw(new ProducerRecord<>(INVOICES, null, ErpPublisher.utf8(customer), ErpPublisher.utf8(value), headers));
        return id;
    }
}
