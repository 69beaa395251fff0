package io.ledgerline.receivables.it;

import io.ledgerline.receivables.domain.RejectionCode;
import io.ledgerline.receivables.ingest.HostileRecords;
import io.ledgerline.receivables.ingest.IngestRecord;
import io.ledgerline.testsupport.ApplicationDatabase;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Future;

import static io.ledgerline.testsupport.TopicReader.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The hostile ingest suite: several hundred records that break every limit of ingest-v1 in every field (from
 * {@link HostileRecords}), conflicting and corrected message ids, interleaved with good records of other customers.
 * Every bad record lands on the rejected topic with its code, every good one in the ledger, and the consumer is still
 * consuming at the end.
 */
@QuarkusTest
class HostileIngestTest extends LedgerTestBase {

    private record Sent(String name, String topic, int partition, long offset, String expectedCode) {
    }

    @Test
    void no_record_stops_ingest_each_bad_one_is_rejected_with_its_code_and_each_good_one_is_recorded() throws Exception {
        String prefix = UUID.randomUUID().toString().substring(0, 8);
        List<HostileRecords.Case> hostile = HostileRecords.all(customer, prefix);
        List<String> goodCustomers = List.of(customer + "-g1", customer + "-g2", customer + "-g3");
        List<Sent> sent = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            List<Future<RecordMetadata>> pending = new ArrayList<>();
            List<String[]> described = new ArrayList<>();
            int good = 0;
            for (int n = 0; n < hostile.size(); n++) {
                HostileRecords.Case c = hostile.get(n);
                pending.add(producer.send(record(c.topic(), c.key(), c.value(), c.headers())));
                described.add(new String[]{c.name(), c.finalCode()});
                if (n % 4 == 0) {
                    // A good invoice of another customer after every few bad records.
                    String owner = goodCustomers.get(good % goodCustomers.size());
                    String invoiceId = "INV-" + prefix + "-" + (++good);
                    pending.add(producer.send(record(INVOICES, owner, LedgerApi.invoice(owner, invoiceId, "2026-10-01",
                            "2026-10-31", "10.00", "good").getBytes(), binary("InvoiceIssued", "good-" + invoiceId))));
                    described.add(new String[]{"good invoice " + invoiceId, null});
                }
            }
            // Message ids: a conflicting re-use, an exact repeat, and a corrected re-send of a rejected record.
            String accepted = LedgerApi.invoice(customer, "INV-" + prefix + "-id1", "2026-10-01", "2026-10-31", "10.00", "x");
            String conflicting = accepted.replace("\"10.00\"", "\"11.00\"");
            String tooEarly = LedgerApi.invoice(customer, "INV-" + prefix + "-id2", "2026-10-01", "2026-10-31", "10.00", "x")
                    .replace("\"2026-10-01\"", "\"1960-01-01\"");
            String corrected = LedgerApi.invoice(customer, "INV-" + prefix + "-id2", "2026-10-01", "2026-10-31", "10.00", "x");
            String[][] idCases = {{accepted, "id1", null, "first use of an id"},
                    {conflicting, "id1", RejectionCode.CONFLICTING_MESSAGE_ID, "the id again with other data"},
                    {accepted, "id1", "duplicate", "the id again unchanged"},
                    {tooEarly, "id2", RejectionCode.DATE_OUT_OF_RANGE, "a bad record"},
                    {corrected, "id2", null, "the bad record corrected under the same id"}};
            for (String[] c : idCases) {
                pending.add(producer.send(record(INVOICES, customer, c[0].getBytes(), binary("InvoiceIssued",
                        "ids-" + prefix + "-" + c[1]))));
                described.add(new String[]{c[3], c[2]});
            }
            for (int n = 0; n < pending.size(); n++) {
                RecordMetadata m = pending.get(n).get();
                sent.add(new Sent(described.get(n)[0], m.topic(), m.partition(), m.offset(), described.get(n)[1]));
            }
            assertThat(sent.stream().filter(s -> s.expectedCode() != null && !s.expectedCode().equals("duplicate")))
                    .hasSizeGreaterThanOrEqualTo(200);

            // Every good invoice of the other customers is in the ledger.
            int perCustomer = good / goodCustomers.size();
            for (int k = 0; k < goodCustomers.size(); k++) {
                int expected = perCustomer + (k < good % goodCustomers.size() ? 1 : 0);
                String owner = goodCustomers.get(k);
                await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> RestAssured.given()
                        .get("/accounts/{c}", owner).then().statusCode(200)
                        .body("balances[0].openItems", equalTo(expected * 10 + ".00")));
            }

            // Every bad record is on the rejected topic with its code, found by where it was read from.
            Map<String, String> expectedCodes = new HashMap<>();
            for (Sent s : sent) {
                if (s.expectedCode() != null && !s.expectedCode().equals("duplicate")) {
                    expectedCodes.put(s.topic() + "/" + s.partition() + "@" + s.offset(), s.name() + " -> " + s.expectedCode());
                }
            }
            try (TopicReader rejected = new TopicReader(bootstrapServers(), "ledgerline.ingest.rejected")) {
                Map<String, String> found = new HashMap<>();
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> {
                    for (ConsumerRecord<byte[], byte[]> r : rejected.forKeyPrefix(customer)) {
                        found.put(header(r, "ledgerline-source-topic") + "/" + header(r, "ledgerline-source-partition")
                                + "@" + header(r, "ledgerline-source-offset"), header(r, "ledgerline-error-code"));
                    }
                    return found.keySet().containsAll(expectedCodes.keySet());
                });
                Map<String, String> actual = new HashMap<>();
                expectedCodes.forEach((where, what) -> actual.put(where, what.substring(0, what.lastIndexOf(" -> "))
                        + " -> " + found.get(where)));
                assertThat(actual).containsExactlyInAnyOrderEntriesOf(expectedCodes);
                // Nothing that should have been accepted was rejected.
                Set<String> acceptedPlaces = new HashSet<>();
                sent.stream().filter(s -> s.expectedCode() == null || s.expectedCode().equals("duplicate"))
                        .forEach(s -> acceptedPlaces.add(s.topic() + "/" + s.partition() + "@" + s.offset()));
                assertThat(found.keySet()).doesNotContainAnyElementsOf(acceptedPlaces);
                // The oversized record is answered with a truncated copy, never a producer size error.
                List<ConsumerRecord<byte[], byte[]>> truncated = rejected.forKeyPrefix(customer).stream()
                        .filter(r -> "VALUE_TOO_LARGE".equals(header(r, "ledgerline-error-code"))).toList();
                assertThat(truncated).isNotEmpty().allSatisfy(r -> {
                    assertThat(header(r, "ledgerline-truncated")).isEqualTo("value");
                    assertThat(r.value()).hasSize(16 * 1024);
                    assertThat(Integer.parseInt(header(r, "ledgerline-original-value-size"))).isGreaterThan(1_000_000);
                });
            }

            // Every record of the suite's own customer that had to be accepted is in its stream, found by offset.
            Set<String> recorded = recordedPlaces(customer);
            sent.stream().filter(s -> s.expectedCode() == null && s.name().indexOf("good invoice") != 0)
                    .forEach(s -> assertThat(recorded).as(s.name()).contains(s.topic() + "/" + s.partition() + "@" + s.offset()));

            // Still consuming, and ready.
            String last = "INV-" + prefix + "-last";
            producer.send(record(INVOICES, goodCustomers.getFirst(), LedgerApi.invoice(goodCustomers.getFirst(), last,
                    "2026-10-01", "2026-10-31", "10.00", "last").getBytes(), binary("InvoiceIssued", "last-" + prefix))).get();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> RestAssured.given()
                    .get("/accounts/{c}/invoices/{i}", goodCustomers.getFirst(), last).then().statusCode(200));
            management().get("/q/health/ready").then().statusCode(200);
        }
    }

    /** Where (topic/partition@offset) each event of the customers' streams was read from, as its metadata says. */
    private static Set<String> recordedPlaces(String customerId) throws Exception {
        Set<String> places = new HashSet<>();
        try (Connection c = ApplicationDatabase.connect();
             PreparedStatement s = c.prepareStatement("SELECT DISTINCT metadata->>'topic', metadata->>'partition',"
                     + " metadata->>'offset' FROM events WHERE stream_id LIKE ?")) {
            s.setString(1, "account-" + customerId + "%");
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    places.add(rows.getString(1) + "/" + rows.getString(2) + "@" + rows.getString(3));
                }
            }
        }
        return places;
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 5,
                // The 1 MB hostile value.
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1_048_576,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, byte[] value,
                                                         List<IngestRecord.Header> headers) {
        RecordHeaders kafkaHeaders = new RecordHeaders();
        headers.forEach(h -> kafkaHeaders.add(h.name(), h.value()));
        return new ProducerRecord<>(topic, null, key == null ? null : key.getBytes(), value, kafkaHeaders);
    }

    private static List<IngestRecord.Header> binary(String type, String id) {
        return List.of(new IngestRecord.Header("ce_specversion", "1.0".getBytes()),
                new IngestRecord.Header("ce_id", id.getBytes()),
                new IngestRecord.Header("ce_source", "erp-eu-1".getBytes()),
                new IngestRecord.Header("ce_type", ("io.ledgerline.ingest." + type + ".v1").getBytes()),
                new IngestRecord.Header("content-type", "application/json".getBytes()));
    }
}
