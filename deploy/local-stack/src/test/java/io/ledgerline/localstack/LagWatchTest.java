package io.ledgerline.localstack;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class LagWatchTest {

    private static final String UNDER_LOAD = """
            # HELP ledgerline_kafka_consumer_lag_records records on the topic after the group's committed offsets
            # TYPE ledgerline_kafka_consumer_lag_records gauge
            ledgerline_kafka_consumer_lag_records{application="receivables-service",group="receivables-ingest",topic="ledgerline.ingest.invoices"} 1200.0
            ledgerline_kafka_consumer_lag_records{application="receivables-service",group="receivables-ingest",topic="ledgerline.ingest.payments"} 300.0
            ledgerline_outbox_lag_events{application="receivables-service",relay="events"} 75.0
            ledgerline_outbox_lag_events{application="receivables-service",relay="records"} NaN
            ledgerline_records_ingested_total{application="receivables-service",code="ACCEPTED"} 5000.0
            """;

    @Test
    void eachLagGaugeIsSummedOverItsTopicsAndRelaysAndOtherMetricsAreLeftOut() {
        assertThat(LagWatch.lags(UNDER_LOAD)).containsExactly(
                Map.entry("ledgerline_kafka_consumer_lag_records", 1500.0),
                Map.entry("ledgerline_outbox_lag_events", 75.0));
    }

    @Test
    void theHighestLagSeenAndTheLastAreReportedPerService() throws Exception {
        AtomicReference<String> metrics = new AtomicReference<>(UNDER_LOAD);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/q/metrics", exchange -> {
            byte[] body = metrics.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        String url = "http://127.0.0.1:" + server.getAddress().getPort();
        try (LagWatch watch = new LagWatch(Map.of("receivables-service", url), Duration.ofHours(1))) {
            assertThat(watch.allCaughtUp()).as("nothing read yet").isFalse();
            watch.sampleOnce();
            assertThat(watch.allCaughtUp()).isFalse();
            metrics.set(UNDER_LOAD.replace("1200.0", "0.0").replace("300.0", "0.0").replace("75.0", "0.0"));
            watch.sampleOnce();
            assertThat(watch.allCaughtUp()).isTrue();
            assertThat(watch.summary()).containsExactly(Map.entry("receivables-service",
                    "consumer lag up to 1500, now 0, outbox lag up to 75, now 0"));
        } finally {
            server.stop(0);
        }
    }
}
