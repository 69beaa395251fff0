package io.ledgerline.disputes.it;

import io.ledgerline.events.Topics;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * The dispute flow across both services, on the real broker and databases: disputes-service is the application
 * under test, receivables-service runs beside it as its own process (from its built jar), and the ERP and the bank
 * publish to receivables' ingest topics as they would. A short payment opens a deduction case; receivables marks the
 * invoice disputed and the account is not delinquent for it; the analyst accepts part of it; receivables posts the
 * credit note and shows what is left open; the resolution delivered again posts nothing more.
 */
@QuarkusTest
class ShortPaymentToCreditNoteTest extends DisputesTestBase {

    private static ReceivablesProcess receivables;

    @BeforeAll
    static void startReceivables() throws Exception {
        receivables = ReceivablesProcess.start("2026-11-16");
    }

    @AfterAll
    static void stopReceivables() {
        if (receivables != null) {
            receivables.close();
        }
    }

    private void ingest(String topic, String type, String data) {
        var headers = new org.apache.kafka.common.header.internals.RecordHeaders();
        headers.add("ce_specversion", utf8("1.0"));
        headers.add("ce_id", utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", utf8("erp-eu-1"));
        headers.add("ce_type", utf8("io.ledgerline.ingest." + type + ".v1"));
        headers.add("content-type", utf8("application/json"));
        send(new ProducerRecord<>(topic, null, utf8(customer), utf8(data), headers));
    }

    private io.restassured.response.ValidatableResponse ledgerInvoice() {
        return RestAssured.given().baseUri(receivables.url()).get("/accounts/{c}/invoices/INV-77", customer).then();
    }

    @Test
    void a_short_payment_becomes_a_deduction_a_partial_credit_in_the_ledger_and_nothing_more_on_redelivery() {
        ingest("ledgerline.ingest.invoices", "InvoiceIssued", """
                {"invoiceId": "INV-77", "customerId": "%s", "issueDate": "2026-10-01", "dueDate": "2026-10-31",
                 "currency": "EUR", "amount": "1250.00"}""".formatted(customer));
        ingest("ledgerline.ingest.payments", "PaymentReceived", """
                {"paymentId": "PAY-77", "customerId": "%s", "receivedDate": "2026-10-29", "currency": "EUR",
                 "amount": "1200.00", "method": "SEPA", "reference": "INV-77 less damage",
                 "allocations": [{"invoiceId": "INV-77", "amount": "1200.00"}]}""".formatted(customer));

        // disputes-service found the deduction in receivables' events.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> RestAssured.given()
                .get("/disputes?customerId={c}", customer).then().statusCode(200)
                .body("$", hasSize(1)).body("[0].kind", equalTo("DEDUCTION"))
                .body("[0].disputed", equalTo("50.00")).body("[0].sourcePaymentId", equalTo("PAY-77")));
        String disputeId = RestAssured.given().get("/disputes?customerId={c}", customer).then()
                .extract().path("[0].disputeId");

        // receivables marked the invoice; the account is not delinquent for the disputed 50.00.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ledgerInvoice().statusCode(200)
                .body("openAmount", equalTo("50.00")).body("disputed", equalTo("50.00"))
                .body("disputes[0].disputeId", equalTo(disputeId)));
        RestAssured.given().baseUri(receivables.url()).get("/accounts/{c}/delinquency?asOf=2026-11-16", customer).then()
                .body("delinquent", equalTo(false))
                .body("disputedExcluded[0].amount", equalTo("50.00"));

        // The analyst takes it up and accepts 30.00 of it (within the approval amount: no second person needed).
        as("analyst.kim", "dispute-analyst").post("/disputes/{d}/review", disputeId).then().statusCode(200);
        as("analyst.kim", "dispute-analyst").contentType(ContentType.JSON).body("""
                        {"outcome": "PARTIALLY_ACCEPTED", "reason": "one of two pallets damaged, per delivery note",
                         "invoices": [{"invoiceId": "INV-77", "creditAmount": "30.00"}]}""")
                .post("/disputes/{d}/resolution", disputeId).then().statusCode(200)
                .body("events[0].type", equalTo("DisputeResolved"))
                .body("events[0].data.invoices[0].creditNoteId", equalTo("CN-" + disputeId + "-R1-1"));

        // The ledger shows the credit note applied and what is left open.
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ledgerInvoice()
                .body("openAmount", equalTo("20.00")).body("disputed", equalTo("0.00"))
                .body("applications.find { it.sourceId == 'CN-%s-R1-1' }.amount".formatted(disputeId), equalTo("30.00")));

        // The resolution delivered again, exactly as published; then a marker to know it was read.
        ConsumerRecord<byte[], byte[]> resolved = published(disputeId, "io.ledgerline.disputes.DisputeResolved.v1");
        send(new ProducerRecord<>(resolved.topic(), null, resolved.key(), resolved.value(), resolved.headers()));
        publish(new CollectionsEvent.WriteOffProposed(customer, "WOP-E2E", "CASE-1", "INV-77", "EUR",
                new BigDecimal("20.00"), "marker", LocalDate.of(2026, 11, 16), new Actor("collector.jo", List.of("collector"))));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as("aud.ida", "auditor").baseUri(receivables.url())
                .get("/write-off-proposals?customerId={c}", customer).then().body("[0].proposalId", equalTo("WOP-E2E")));
        ledgerInvoice().body("openAmount", equalTo("20.00"));
        List<Map<String, Object>> movements = RestAssured.given().baseUri(receivables.url())
                .get("/accounts/{c}/movements?size=500", customer).then().extract().jsonPath().getList("items");
        assertThat(movements).filteredOn(m -> "CreditNoteIssued".equals(m.get("type"))).hasSize(1);

        // And disputes shows the case resolved with the credit.
        RestAssured.given().get("/disputes/{d}", disputeId).then().statusCode(200)
                .body("dispute.status", equalTo("RESOLVED")).body("creditedTotal", equalTo("30.00"));
    }

    /** The record disputes-service's outbox relay published for the case, with its headers. */
    private ConsumerRecord<byte[], byte[]> published(String disputeId, String ceType) {
        try (var consumer = new KafkaConsumer<byte[], byte[]>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.DISPUTES_EVENTS).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    String type = new String(r.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                    if (type.equals(ceType) && new String(r.value(), StandardCharsets.UTF_8).contains("\"" + disputeId + "\"")) {
                        return r;
                    }
                }
                boolean atEnd = partitions.stream().allMatch(p -> consumer.position(p) >= ends.get(p));
                if (atEnd) {
                    break;
                }
            }
        }
        throw new AssertionError("no " + ceType + " for " + disputeId + " on " + Topics.DISPUTES_EVENTS);
    }
}
