package io.ledgerline.eventstore;

import io.ledgerline.testsupport.KafkaBroker;
import io.ledgerline.testsupport.KafkaTestResource;
import io.ledgerline.testsupport.PostgresTestResource;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.vertx.VertxContextSupport;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The event store's part of observability, in a service with tracing on (spans kept in memory), the outbox relay, the
 * records outbox and a projection: a consumed record's trace continues through the stored event and the outbox into
 * the Kafka record's {@code traceparent}; the events of a request take the current span's; and the lag and append
 * metrics are at {@code /q/metrics} under the names the dashboard reads.
 */
@QuarkusTest
@TestProfile(ObservabilityTest.Traced.class)
@WithTestResource(PostgresTestResource.class)
@WithTestResource(KafkaTestResource.class)
class ObservabilityTest {

    static final String TOPIC = "event-store-observability-test";

    public static class Traced implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("ledgerline.outbox.enabled", "true");
            config.put("ledgerline.outbox.topic", TOPIC);
            config.put("ledgerline.outbox.source", "/ledgerline/observability-test");
            config.put("ledgerline.outbox.poll-interval", "20ms");
            config.put("ledgerline.record-outbox.enabled", "true");
            config.put("ledgerline.metrics.lag-interval", "200ms");
            config.put("quarkus.http.test-port", "0");
            config.put("quarkus.otel.sdk.disabled", "false");
            config.put("quarkus.otel.exporter.otlp.enabled", "false");
            config.put("quarkus.otel.bsp.schedule.delay", "20ms");
            return config;
        }
    }

    @Inject
    EventStore store;

    @Inject
    OutboxRelay relay;

    @Inject
    Traces traces;

    @Inject
    Tracer tracer;

    @Inject
    InMemorySpanExporter spans;

    @Inject
    LagMetrics lags;

    @Inject
    Pool pool;

    @Test
    void a_consumed_records_trace_runs_through_the_store_and_the_outbox_into_the_published_record() {
        String incoming = traceparent();
        String traceId = Traces.traceId(incoming);

        String consumed = traces.consumed("consume", "ledgerline.ingest.invoices", incoming);
        assertThat(Traces.traceId(consumed)).isEqualTo(traceId);
        assertThat(consumed).as("a span of its own, tracing being on").isNotEqualTo(incoming);

        StreamAppend append = withMetadata(TestEvents.append("account-" + UUID.randomUUID(), 0, 1),
                Traces.withTraceparent("{\"messageId\":\"m-1\"}", consumed));
        pool.withTransaction(tx -> store.append(tx, List.of(append))).await().indefinitely();
        relay.wake();

        ConsumerRecord<byte[], byte[]> published = published(append.events().getFirst().eventId());
        String header = Traces.header(published.headers());
        assertThat(Traces.traceId(header)).isEqualTo(traceId);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            List<SpanData> trace = spans.getFinishedSpanItems().stream()
                    .filter(span -> span.getTraceId().equals(traceId)).toList();
            SpanData consume = trace.stream().filter(s -> s.getKind() == SpanKind.CONSUMER).findFirst().orElseThrow();
            SpanData publish = trace.stream().filter(s -> s.getKind() == SpanKind.PRODUCER).findFirst().orElseThrow();
            assertThat(consume.getName()).isEqualTo("consume ledgerline.ingest.invoices");
            assertThat(consume.getParentSpanId()).isEqualTo(Traces.parse(incoming).getSpanId());
            assertThat(publish.getName()).isEqualTo("publish " + TOPIC);
            assertThat(publish.getParentSpanId()).isEqualTo(consume.getSpanId());
            // The consumer downstream continues from the publication.
            assertThat(Traces.parse(header).getSpanId()).isEqualTo(publish.getSpanId());
        });
    }

    @Test
    void events_appended_under_a_current_span_carry_its_trace_unless_they_bring_their_own() {
        Span request = tracer.spanBuilder("POST /accounts/{id}/adjustments").setSpanKind(SpanKind.SERVER).startSpan();
        String own = traceparent();
        StreamAppend plain = TestEvents.append("account-" + UUID.randomUUID(), 0, 1);
        StreamAppend traced = withMetadata(TestEvents.append("account-" + UUID.randomUUID(), 0, 1),
                Traces.withTraceparent("{}", own));
        try {
            // As in a request: the span is current in the request's (duplicated) Vert.x context, which the
            // transaction's callbacks run on.
            VertxContextSupport.subscribeAndAwait(() -> {
                Scope scope = request.makeCurrent();
                return pool.withTransaction(tx -> store.append(tx, List.of(plain, traced))).eventually(scope::close);
            });
        } catch (Throwable e) {
            throw new AssertionError(e);
        } finally {
            request.end();
        }
        String plainMetadata = store.readStream(pool, plain.streamId()).await().indefinitely().getFirst().metadataJson();
        String tracedMetadata = store.readStream(pool, traced.streamId()).await().indefinitely().getFirst().metadataJson();
        assertThat(Traces.ofMetadata(plainMetadata)).isEqualTo(Traces.format(request.getSpanContext()));
        assertThat(Traces.ofMetadata(tracedMetadata)).isEqualTo(own);
    }

    @Test
    void lags_and_appends_are_at_q_metrics_under_the_dashboards_names() throws Exception {
        StreamAppend append = TestEvents.append("account-" + UUID.randomUUID(), 0, 2);
        pool.withTransaction(tx -> store.append(tx, List.of(append))).await().indefinitely();
        String type = append.events().getFirst().eventType();
        lags.sample();

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(metrics())
                .containsPattern("(?m)^ledgerline_outbox_lag_events\\{[^}]*relay=\"events\"[^}]*} \\d")
                .containsPattern("(?m)^ledgerline_outbox_lag_events\\{[^}]*relay=\"records\"[^}]*} \\d")
                .containsPattern("(?m)^ledgerline_projection_lag_events\\{[^}]*projection=\""
                        + StreamSummaryProjection.NAME + "\"[^}]*} \\d")
                .containsPattern("(?m)^ledgerline_events_appended_total\\{[^}]*event_type=\"" + type
                        + "\"[^}]*} \\d"));

        // Counted once committed: a rolled-back append never is.
        double before = counted(metrics(), type);
        try {
            pool.withTransaction(tx -> store.append(tx, List.of(TestEvents.append("account-" + UUID.randomUUID(), 0, 1)))
                    .chain(() -> io.smallrye.mutiny.Uni.createFrom().failure(new IllegalStateException("roll back"))))
                    .await().indefinitely();
        } catch (IllegalStateException expected) {
            // as intended
        }
        pool.withTransaction(tx -> store.append(tx, List.of(TestEvents.append("account-" + UUID.randomUUID(), 0, 3))))
                .await().indefinitely();
        await().atMost(Duration.ofSeconds(10)).until(() -> counted(metrics(), type) >= before + 3);
        assertThat(counted(metrics(), type)).isEqualTo(before + 3);
    }

    private static double counted(String metrics, String type) {
        return metrics.lines().filter(l -> l.startsWith("ledgerline_events_appended_total{")
                        && l.contains("event_type=\"" + type + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String metrics() throws Exception {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + port + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            return response.body();
        }
    }

    private static String traceparent() {
        byte[] trace = new byte[16];
        byte[] span = new byte[8];
        ThreadLocalRandom.current().nextBytes(trace);
        ThreadLocalRandom.current().nextBytes(span);
        return Traces.format(SpanContext.createFromRemoteParent(HexFormat.of().formatHex(trace),
                HexFormat.of().formatHex(span), TraceFlags.getSampled(), TraceState.getDefault()));
    }

    private static StreamAppend withMetadata(StreamAppend append, String metadata) {
        return new StreamAppend(append.streamId(), append.expectedVersion(), append.events().stream()
                .map(e -> new EventToAppend(e.eventId(), e.eventType(), e.schemaVersion(), e.partitionKey(),
                        e.payloadJson(), metadata)).toList());
    }

    private static ConsumerRecord<byte[], byte[]> published(UUID eventId) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.shared().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "observability-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()))) {
            consumer.subscribe(List.of(TOPIC));
            ConsumerRecord<byte[], byte[]>[] found = new ConsumerRecord[1];
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (eventId.toString().equals(new String(record.headers().lastHeader("ce_id").value(),
                            StandardCharsets.UTF_8))) {
                        found[0] = record;
                    }
                });
                return found[0] != null;
            });
            return found[0];
        }
    }
}
