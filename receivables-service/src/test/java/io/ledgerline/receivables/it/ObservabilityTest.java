package io.ledgerline.receivables.it;

import io.ledgerline.eventstore.LagMetrics;
import io.ledgerline.eventstore.Traces;
import io.ledgerline.receivables.projection.AccountReadModel;
import io.ledgerline.receivables.projection.PortfolioMetrics;
import io.ledgerline.testsupport.TopicReader;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * Operating the service: an ingest record's trace continues in the domain events it causes; every metric the
 * dashboard reads of this service is at {@code /q/metrics} (the table in deploy/README.md, read from the file);
 * readiness covers PostgreSQL, the broker and the consumers having joined their group; and no log line at INFO or
 * above carries what a record says.
 */
@QuarkusTest
class ObservabilityTest extends LedgerTestBase {

    private static final String APPLICATION = "receivables-service";
    /** Rows of the table measured by other services. */
    private static final List<String> OTHER_SERVICES = List.of("ledgerline_promises_broken_total",
            "ledgerline_credit_holds_placed_total");

    @Inject
    PortfolioMetrics portfolio;

    @Inject
    LagMetrics lags;

    @Test
    void an_ingest_records_trace_continues_in_the_domain_events_it_causes() {
        String traceparent = randomTraceparent();
        publishInvoice("INV-T1", "120.00", "October freight", traceparent);
        publishInvoice("INV-T2", "80.00", "November freight", null);

        try (TopicReader events = new TopicReader(bootstrapServers(), "ledgerline.receivables.events")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> issued(events).size() == 2);
            List<ConsumerRecord<byte[], byte[]>> issued = issued(events);
            ConsumerRecord<byte[], byte[]> traced = issued.stream()
                    .filter(r -> TopicReader.text(r.value()).contains("INV-T1")).findFirst().orElseThrow();
            ConsumerRecord<byte[], byte[]> untraced = issued.stream()
                    .filter(r -> TopicReader.text(r.value()).contains("INV-T2")).findFirst().orElseThrow();
            assertThat(Traces.traceId(TopicReader.header(traced, Traces.TRACEPARENT)))
                    .isEqualTo(Traces.traceId(traceparent));
            // Tracing is off by default: a trace that came in is passed on, none is invented.
            assertThat(TopicReader.header(untraced, Traces.TRACEPARENT)).isNull();
        }
    }

    @Test
    void every_metric_of_the_dashboard_table_this_service_measures_is_at_q_metrics() throws IOException {
        publishInvoice("INV-M1", "250.00", "October freight", null);
        erp.binary(INVOICES, customer, "InvoiceIssued", invoice("INV-M2", "1.00").replace("\"EUR\"", "\"EURO\""));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                .body("openInvoices", hasSize(1)));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            portfolio.refresh().await().atMost(Duration.ofSeconds(10));
            lags.sample();
            String metrics = management().get("/q/metrics").then().statusCode(200).extract().asString();
            for (String name : documentedMetrics()) {
                if (OTHER_SERVICES.contains(name)) {
                    continue;
                }
                String series = name.equals("http_server_requests_seconds") ? name + "_bucket" : name;
                assertThat(metrics).as(name).containsPattern(
                        "(?m)^" + Pattern.quote(series) + "(_count|_sum)?\\{[^}]*application=\"" + APPLICATION + "\"");
            }
            assertThat(metrics)
                    .containsPattern(line("ledgerline_ingest_accepted_total", "topic=\"" + INVOICES + "\""))
                    .containsPattern(line("ledgerline_ingest_rejected_total", "code=\"INVALID_CURRENCY\"",
                            "topic=\"" + INVOICES + "\""))
                    .containsPattern(line("ledgerline_events_appended_total", "event_type=\"InvoiceIssued\""))
                    .containsPattern(line("ledgerline_outbox_lag_events", "relay=\"events\""))
                    .containsPattern(line("ledgerline_outbox_lag_events", "relay=\"records\""))
                    .containsPattern(line("ledgerline_projection_lag_events", "projection=\"" + AccountReadModel.NAME + "\""))
                    .containsPattern(line("ledgerline_kafka_consumer_lag_records", "group=\"receivables-ingest\"",
                            "topic=\"" + INVOICES + "\""))
                    .containsPattern(line("ledgerline_amount_past_due", "currency=\"EUR\""))
                    .containsPattern(line("http_server_requests_seconds_bucket", "uri=\"/accounts/{customerId}\""));
            assertThat(value(metrics, line("ledgerline_invoices_open", "currency=\"EUR\""))).isGreaterThanOrEqualTo(1);
        });
    }

    @Test
    void readiness_covers_the_database_the_broker_and_the_consumers_having_joined_their_group() {
        management().get("/q/health/live").then().statusCode(200);
        JsonPath ready = management().get("/q/health/ready").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> checks = ready.getList("checks");
        assertThat(checks).allSatisfy(check -> assertThat(check.get("status")).isEqualTo("UP"));
        assertThat(checks).extracting(check -> (String) check.get("name"))
                .contains("kafka-consumers", "ledgerline-ingest")
                .anySatisfy(name -> assertThat(name).containsIgnoringCase("postgresql"))
                // The connector's own readiness: its channels are connected to the broker.
                .anySatisfy(name -> assertThat(name).contains("SmallRye Reactive Messaging"));
        management().get("/q/health/ready").then()
                .body("checks.find { it.name == 'kafka-consumers' }.data.ingest",
                        org.hamcrest.Matchers.startsWith("joined receivables-ingest"));
    }

    @Test
    void nothing_a_record_says_is_logged_at_info_or_above() {
        String secret = "Confidential-" + UUID.randomUUID();
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                StringBuilder text = new StringBuilder(String.valueOf(record.getMessage()));
                if (record.getParameters() != null) {
                    for (Object parameter : record.getParameters()) {
                        text.append(' ').append(parameter);
                    }
                }
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(' ').append(t);
                }
                synchronized (logged) {
                    logged.add(text.toString());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        java.util.logging.Logger root = java.util.logging.Logger.getLogger("");
        root.addHandler(capture);
        try {
            publishInvoice("INV-L1", "99.00", secret, null);
            erp.binary(INVOICES, customer, "InvoiceIssued",
                    invoice("INV-L2", "1.00").replace("October freight", secret).replace("\"EUR\"", "\"EURO\""));
            publishRaw("{\"invoiceId\": \"" + secret + "\", ");
            try (TopicReader rejected = new TopicReader(bootstrapServers(), "ledgerline.ingest.rejected")) {
                await().atMost(Duration.ofSeconds(30)).until(() -> rejected.forKey(customer).size() >= 2);
            }
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> account().statusCode(200)
                    .body("openInvoices[0].invoiceId", equalTo("INV-L1")));
        } finally {
            root.removeHandler(capture);
        }
        synchronized (logged) {
            assertThat(logged).noneMatch(text -> text.contains(secret));
        }
    }

    private void publishInvoice(String invoiceId, String amount, String description, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", ErpPublisher.utf8("1.0"));
        headers.add("ce_id", ErpPublisher.utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", ErpPublisher.utf8("erp-eu-1"));
        headers.add("ce_type", ErpPublisher.utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
        headers.add("content-type", ErpPublisher.utf8("application/json"));
        if (traceparent != null) {
            headers.add(Traces.TRACEPARENT, ErpPublisher.utf8(traceparent));
        }
        String data = invoice(invoiceId, amount).replace("October freight", description);
        erp.raw(new ProducerRecord<>(INVOICES, null, ErpPublisher.utf8(customer), ErpPublisher.utf8(data), headers));
    }

    private void publishRaw(String value) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("ce_specversion", ErpPublisher.utf8("1.0"));
        headers.add("ce_id", ErpPublisher.utf8(UUID.randomUUID().toString()));
        headers.add("ce_source", ErpPublisher.utf8("erp-eu-1"));
        headers.add("ce_type", ErpPublisher.utf8("io.ledgerline.ingest.InvoiceIssued.v1"));
        headers.add("content-type", ErpPublisher.utf8("application/json"));
        erp.raw(new ProducerRecord<>(INVOICES, null, ErpPublisher.utf8(customer), ErpPublisher.utf8(value), headers));
    }

    private List<ConsumerRecord<byte[], byte[]>> issued(TopicReader events) {
        return events.forKey(customer).stream()
                .filter(r -> "io.ledgerline.receivables.InvoiceIssued.v1".equals(TopicReader.header(r, "ce_type")))
                .toList();
    }

    /** The metric names of the table in deploy/README.md, which the dashboard reads. */
    static List<String> documentedMetrics() throws IOException {
        String readme = Files.readString(Path.of("..", "deploy", "README.md"));
        String table = readme.substring(readme.indexOf("<!-- metrics:begin -->"), readme.indexOf("<!-- metrics:end -->"));
        List<String> names = new ArrayList<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\|").matcher(table);
        while (row.find()) {
            names.add(row.group(1));
        }
        assertThat(names).hasSizeGreaterThan(10);
        return names;
    }

    private static String line(String name, String... labels) {
        // Label values may hold braces (uri="/accounts/{customerId}"): the labels end where the value follows.
        StringBuilder pattern = new StringBuilder("(?m)^").append(Pattern.quote(name)).append("\\{");
        for (String label : labels) {
            pattern.append("(?=[^\\n]*").append(Pattern.quote(label)).append(")");
        }
        return pattern.append("[^\\n]*\\} (\\S+)$").toString();
    }

    private static double value(String metrics, String pattern) {
        Matcher matcher = Pattern.compile(pattern).matcher(metrics);
        assertThat(matcher.find()).as(pattern).isTrue();
        return Double.parseDouble(matcher.group(1));
    }

    private static String randomTraceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(span);
        return "00-" + HexFormat.of().formatHex(trace) + "-" + HexFormat.of().formatHex(span) + "-01";
    }
}
