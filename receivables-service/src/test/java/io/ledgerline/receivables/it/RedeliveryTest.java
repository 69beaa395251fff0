package io.ledgerline.receivables.it;

import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * At-least-once delivery must never count twice: the same records again, the same content under new ids, and a
 * consumer that starts over from the beginning of every ingest topic all leave the ledger as it was.
 */
@QuarkusTest
class RedeliveryTest extends LedgerTestBase {

    @Inject
    KafkaClientService kafka;
    @Inject
    Pool pool;

    @Test
    void redelivered_and_replayed_records_are_not_counted_twice() {
        String invoice = invoice("INV-1", "1250.00");
        String payment = payment("PAY-1", "1200.00", "INV-1", "1200.00");
        String invoiceId = erp.binary(INVOICES, customer, "InvoiceIssued", invoice);
        String paymentId = erp.binary(PAYMENTS, customer, "PaymentReceived", payment);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("50.00")));
        assertThat(eventsInStream()).isEqualTo(3);

        // The same messages again (same source and id), then the same business documents under new message ids.
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice, invoiceId);
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment, paymentId);
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice);
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment);

        // Then consumption starts over from the first offset of every ingest partition.
        kafka.getConsumer("ingest").runOnPollingThread(consumer -> {
            consumer.seekToBeginning(consumer.assignment());
        }).await().atMost(Duration.ofSeconds(10));

        // Markers behind everything on both topics: once they are in, all before them was read again.
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-MARK", "10.00"));
        erp.binary(PAYMENTS, customer, "PaymentReceived", payment("PAY-MARK", "10.00", "INV-MARK", "10.00"));
        await().atMost(Duration.ofSeconds(60)).until(() -> eventsInStream() == 6);
        // The read model follows the store asynchronously.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("balances[0].balance", equalTo("50.00"))
                .body("openInvoices", org.hamcrest.Matchers.hasSize(1))
                .body("openInvoices[0].invoiceId", equalTo("INV-1"))
                .body("openInvoices[0].openAmount", equalTo("50.00")));
        assertThat(eventsInStream()).isEqualTo(6);
    }

    private long eventsInStream() {
        return pool.preparedQuery("SELECT count(*) FROM events WHERE stream_id = $1")
                .execute(Tuple.of("account-" + customer))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(5));
    }
}
