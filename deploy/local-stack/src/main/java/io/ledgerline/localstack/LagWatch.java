package io.ledgerline.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Watches the lag gauges of every service's {@code /q/metrics} while the demo loads: how many records its Kafka
 * consumers had still to read, how many events its outbox relay had still to publish, how far its projections were
 * behind. The demo prints the highest figure seen and the last one, so a newcomer sees the lags rise under the load
 * and come back to zero, in the same figures a dashboard would show.
 */
final class LagWatch implements AutoCloseable {

    /** The gauges watched, by the short name printed. */
    static final Map<String, String> GAUGES = Map.of(
            "ledgerline_kafka_consumer_lag_records", "consumer lag",
            "ledgerline_outbox_lag_events", "outbox lag",
            "ledgerline_projection_lag_events", "projection lag");

    private static final Pattern SAMPLE = Pattern.compile("^(ledgerline_[a-z_]+_lag_[a-z]+)(\\{[^}]*})?\\s+(\\S+)");

    private final Map<String, String> managementUrls;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** service → gauge → [highest seen, last seen]; a gauge's figure is the sum over its labels (topics, relays). */
    private final Map<String, Map<String, double[]>> seen = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    LagWatch(Map<String, String> managementUrls, Duration every) {
        this.managementUrls = Map.copyOf(managementUrls);
        this.sampler = Thread.ofPlatform().daemon().name("demo-lag-watch").start(() -> {
            while (running) {
                try {
                    Thread.sleep(every.toMillis());
                } catch (InterruptedException e) {
                    return;
                }
                sampleOnce();
            }
        });
    }

    void sampleOnce() {
        managementUrls.forEach((service, url) -> {
            try {
                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(url + "/q/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (metrics.statusCode() == 200) {
                    record(service, lags(metrics.body()));
                }
            } catch (IOException e) {
                // A service being restarted has no metrics for a moment; the next sample sees it again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    private void record(String service, Map<String, Double> lags) {
        Map<String, double[]> mine = seen.computeIfAbsent(service, s -> new ConcurrentHashMap<>());
        lags.forEach((gauge, value) -> {
            double[] figures = mine.computeIfAbsent(gauge, g -> new double[] {0, 0});
            figures[0] = Math.max(figures[0], value);
            figures[1] = value;
        });
    }

    /** The lag gauges of one Prometheus text answer, each summed over its label sets. */
    static Map<String, Double> lags(String prometheusText) {
        Map<String, Double> sums = new LinkedHashMap<>();
        for (String line : prometheusText.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (m.find() && GAUGES.containsKey(m.group(1))) {
                double value = Double.parseDouble(m.group(3));
                if (!Double.isNaN(value)) {
                    sums.merge(m.group(1), value, Double::sum);
                }
            }
        }
        return sums;
    }

    /**
     * Whether every lag's last figure is zero: everything sent has gone through the stack. False while no service's
     * metrics have been read, so an unreachable stack is never reported as caught up.
     */
    boolean allCaughtUp() {
        return !seen.isEmpty() && seen.values().stream().flatMap(gauges -> gauges.values().stream()).allMatch(figures -> figures[1] == 0);
    }

    /** One line per service: each lag's highest figure since the watch began, and its last. */
    Map<String, String> summary() {
        Map<String, String> lines = new TreeMap<>();
        seen.forEach((service, gauges) -> {
            StringBuilder line = new StringBuilder();
            new TreeMap<>(gauges).forEach((gauge, figures) -> {
                if (!line.isEmpty()) {
                    line.append(", ");
                }
                line.append(GAUGES.get(gauge)).append(" up to ").append((long) figures[0])
                        .append(", now ").append((long) figures[1]);
            });
            lines.put(service, line.toString());
        });
        return lines;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
