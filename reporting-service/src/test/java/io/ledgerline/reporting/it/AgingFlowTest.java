package io.ledgerline.reporting.it;

import io.ledgerline.events.Topics;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;
import io.ledgerline.events.reporting.ReportingRecord.AgingSnapshot;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

/**
 * Receivables' events in, a customer's aging out: on the compacted aging topic (read as an analyst would) and over
 * REST, as JSON and CSV; a tombstone once nothing is owed; redelivery and unreadable records change nothing.
 */
@QuarkusTest
@TestProfile(ReportingTestProfile.class)
class AgingFlowTest extends ReportingTestBase {

    @Test
    void anInvoicePartlyPaidIsAgedOnTheTopicAndOverRestAndATombstoneFollowsWhenItIsPaid() {
        String key = Topics.agingKey(customer, "EUR");
        try (AnalystReader analyst = new AnalystReader(bootstrapServers(), Topics.REPORTING_AGING)) {
            upstream.publish(new ReceivablesEvent.CustomerUpdated(customer, "Nordwind Logistik GmbH", "DE",
                    "Europe/Berlin", 30, "EUR", List.of()));
            upstream.publish(invoice(customer, "INV-1", "EUR", "1000.00", "2026-10-01", "2026-10-31"));
            upstream.publish(invoice(customer, "INV-2", "EUR", "500.00", "2026-11-15", "2026-12-15"));
            pay(customer, "INV-1", "EUR", "300.00", "2026-11-05");

            AgingSnapshot snapshot = await().atMost(WAIT).until(() -> analyst.latest(key)
                    .map(r -> AnalystReader.read(r, AgingSnapshot.class))
                    .filter(s -> s.openAmount().compareTo(new BigDecimal("1200.00")) == 0), java.util.Optional::isPresent)
                    .orElseThrow();
            assertThat(snapshot.asOf()).isEqualTo(TODAY);
            assertThat(snapshot.buckets()).extracting(AgingBucket::name, b -> b.amount().toPlainString())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("current", "500.00"),
                            org.assertj.core.groups.Tuple.tuple("1-30", "700.00"),
                            org.assertj.core.groups.Tuple.tuple("31-60", "0.00"),
                            org.assertj.core.groups.Tuple.tuple("61-90", "0.00"),
                            org.assertj.core.groups.Tuple.tuple("90+", "0.00"));
            assertThat(snapshot.pastDueAmount()).isEqualByComparingTo("700.00");
            assertThat(snapshot.openItems()).isEqualTo(2);
            assertThat(snapshot.unappliedAmount()).isEqualByComparingTo("0.00");

            RestAssured.given().get("/aging/customers/{c}", customer).then().statusCode(200)
                    .body("groups[0].currency", equalTo("EUR"))
                    .body("groups[0].name", equalTo("Nordwind Logistik GmbH"))
                    .body("groups[0].openAmount", equalTo("1200.00"))
                    .body("groups[0].pastDueAmount", equalTo("700.00"))
                    .body("groups[0].buckets[1].amount", equalTo("700.00"));
            // As of 4 November the payment had not come: 1,000.00 open, 4 days past due.
            RestAssured.given().queryParam("asOf", "2026-11-04").get("/aging/customers/{c}", customer).then()
                    .statusCode(200).body("groups[0].openAmount", equalTo("1000.00"))
                    .body("groups[0].buckets[1].amount", equalTo("1000.00"));
            // By invoice date, INV-1 is 53 days old.
            RestAssured.given().queryParam("basis", "INVOICE_DATE").get("/aging/customers/{c}", customer).then()
                    .body("groups[0].buckets[0].amount", equalTo("0.00"))
                    .body("groups[0].buckets[1].amount", equalTo("500.00"))
                    .body("groups[0].buckets[2].amount", equalTo("700.00"));
            String csv = RestAssured.given().queryParam("format", "csv").get("/aging/customers/{c}", customer).then()
                    .statusCode(200).header("Content-Type", startsWith("text/csv")).extract().asString();
            assertThat(csv.split("\r\n")).containsExactly(
                    "asOf,basis,groupBy,group,name,currency,current,1-30,31-60,61-90,90+,openAmount,currentAmount,"
                            + "pastDueAmount,disputedAmount,unappliedAmount,openItems,customers",
                    "2026-11-23,DUE_DATE,CUSTOMER," + customer + ",Nordwind Logistik GmbH,EUR,500.00,700.00,0.00,0.00,"
                            + "0.00,1200.00,500.00,700.00,0.00,0.00,2,1");

            pay(customer, "INV-1", "EUR", "700.00", "2026-11-20");
            pay(customer, "INV-2", "EUR", "500.00", "2026-11-21");
            await().atMost(WAIT).until(() -> analyst.latest(key).map(r -> r.value() == null).orElse(false));
            ConsumerRecord<byte[], byte[]> tombstone = analyst.latest(key).orElseThrow();
            assertThat(tombstone.value()).isNull();
        }
        RestAssured.given().get("/aging/customers/{c}", customer).then().statusCode(200).body("groups.size()", equalTo(0));
    }

    @Test
    void aRedeliveredEventCountsOnceAndUnreadableRecordsAreSkippedWithoutStoppingTheConsumer() {
        String invoiceEventId = upstream.publish(invoice(customer, "INV-9", "EUR", "80.00", "2026-11-01", "2026-12-01"));
        // The same event again (an outbox relay re-publishing after a crash), a record that is no CloudEvent, and an
        // event type of a newer receivables.
        upstream.publish(invoice(customer, "INV-9", "EUR", "80.00", "2026-11-01", "2026-12-01"), invoiceEventId);
        upstream.raw(new ProducerRecord<>(Topics.RECEIVABLES_EVENTS, UpstreamPublisher.utf8(customer),
                UpstreamPublisher.utf8("not a cloud event")));
        RecordHeaders newer = new RecordHeaders();
        newer.add("ce_specversion", UpstreamPublisher.utf8("1.0"));
        newer.add("ce_id", UpstreamPublisher.utf8(id("evt")));
        newer.add("ce_source", UpstreamPublisher.utf8("receivables-service"));
        newer.add("ce_type", UpstreamPublisher.utf8("io.ledgerline.receivables.InvoiceRenamed.v1"));
        newer.add("content-type", UpstreamPublisher.utf8("application/json"));
        upstream.raw(new ProducerRecord<>(Topics.RECEIVABLES_EVENTS, null, UpstreamPublisher.utf8(customer),
                UpstreamPublisher.utf8("{\"customerId\":\"" + customer + "\"}"), newer));
        upstream.publish(invoice(customer, "INV-10", "EUR", "20.00", "2026-11-02", "2026-12-02"));

        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().get("/aging/customers/{c}", customer).then()
                .statusCode(200).body("groups[0].openAmount", equalTo("100.00")).body("groups[0].openItems", equalTo(2)));
        RestAssured.given().port(managementPort()).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("ledgerline_reporting_events_skipped_total"));
    }

    @Test
    void aCustomersNameWithACommaAQuoteOrAFormulaStaysOneTextCellOfTheCsv() {
        upstream.publish(new ReceivablesEvent.CustomerUpdated(customer, "=Smith, \"Jones\" & Co", "DE",
                "Europe/Berlin", 30, "EUR", List.of()));
        upstream.publish(invoice(customer, "INV-1", "EUR", "10.00", "2026-11-02", "2026-12-02"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().get("/aging/customers/{c}", customer).then()
                .statusCode(200).body("groups[0].name", equalTo("=Smith, \"Jones\" & Co")));

        String csv = RestAssured.given().queryParam("groupBy", "CUSTOMER").queryParam("format", "csv").get("/aging")
                .then().statusCode(200).extract().asString();
        assertThat(csv.split("\r\n")).contains("2026-11-23,DUE_DATE,CUSTOMER," + customer
                + ",\"'=Smith, \"\"Jones\"\" & Co\",EUR,10.00,0.00,0.00,0.00,0.00,10.00,10.00,0.00,0.00,0.00,1,1");
    }

    @Test
    void theTopOverdueAreRankedInEachCurrencyNeverAcrossCurrencies() {
        // 500,000 yen are about 3,000 euros: a ranking of the bare numbers would put them far above 10,000 euros.
        String yen = id("C");
        upstream.publish(invoice(customer, "INV-EUR", "EUR", "10000.00", "2026-09-01", "2026-09-30"));
        upstream.publish(invoice(yen, "INV-JPY", "JPY", "500000", "2026-09-01", "2026-09-30"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().queryParam("currency", "JPY")
                .get("/aging/top-overdue").then().statusCode(200).body("groups.group", hasItem(yen)));

        var top = RestAssured.given().queryParam("limit", "1").get("/aging/top-overdue").then().statusCode(200)
                .extract().jsonPath();
        List<String> currencies = top.getList("groups.currency", String.class);
        assertThat(currencies).as("the first of each currency").doesNotHaveDuplicates().contains("EUR", "JPY");
        assertThat(top.getString("groups.find { it.currency == 'JPY' }.group")).isEqualTo(yen);
        // The month-end pack's top overdue are ranked the same way.
        List<String> pack = RestAssured.given().queryParam("month", "2026-11").get("/reports/month-end").then()
                .statusCode(200).extract().jsonPath().getList("topOverdue.groups.currency", String.class);
        assertThat(pack).isSortedAccordingTo(String::compareTo).contains("EUR", "JPY");
    }

    @Test
    void theReadOfADayBeforeAnEventIsTheSameAfterItArrived() {
        upstream.publish(invoice(customer, "INV-A", "EUR", "400.00", "2026-09-01", "2026-09-30"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().queryParam("asOf", "2026-10-15")
                .get("/aging/customers/{c}", customer).then().statusCode(200)
                .body("groups[0].openAmount", equalTo("400.00")));
        String before = RestAssured.given().queryParam("asOf", "2026-10-15").get("/aging/customers/{c}", customer)
                .then().extract().asString();

        // Later events: a payment on 3 November and a new invoice.
        pay(customer, "INV-A", "EUR", "400.00", "2026-11-03");
        upstream.publish(invoice(customer, "INV-B", "EUR", "90.00", "2026-11-10", "2026-12-10"));
        await().atMost(WAIT).untilAsserted(() -> RestAssured.given().get("/aging/customers/{c}", customer).then()
                .body("groups[0].openAmount", equalTo("90.00")));

        assertThat(RestAssured.given().queryParam("asOf", "2026-10-15").get("/aging/customers/{c}", customer)
                .then().extract().asString()).isEqualTo(before);
        assertThat(LocalDate.parse("2026-10-15")).isBefore(TODAY);
    }
}
