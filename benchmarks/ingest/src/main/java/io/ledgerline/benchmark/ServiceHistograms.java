package io.ledgerline.benchmark;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * receivables-service's own stage histograms over one phase: {@code /q/metrics} (the management port, HTTP port +
 * 1000) read before and after, the difference of each histogram's cumulative buckets giving that phase's
 * distribution. Ingest's poll stages and ages, the outbox relay's wake-up wait, pass stages and event ages, the
 * projection's batch stages (their meaning: receivables-service's IngestMetrics, event-store's RelayMetrics and
 * ProjectionRunner). Percentiles are read as the upper bound of the bucket they fall in (Micrometer's buckets grow by
 * about a third from one to the next), so "≤ 12 ms" means between about 9 and 12. The service's GC pauses over the
 * phase (Micrometer's JVM binder: count and time in all, per action and cause) come with them.
 */
final class ServiceHistograms {

    private static final Pattern BUCKET = Pattern.compile(
            "^(ledgerline_(?:ingest_poll|outbox|projection_batch)[a-z_]*)_bucket\\{(.*?),?le=\"([^\"]+)\",?(.*?)\\}\\s+(\\S+)$");
    private static final Pattern COUNTER = Pattern.compile(
            "^(ledgerline_outbox_held_back_total|jvm_gc_pause_seconds_count|jvm_gc_pause_seconds_sum)\\{(.*?)\\}\\s+(\\S+)$");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Per series (name and labels without le): bucket upper bound → cumulative count; counters under "count". */
    record Snapshot(Map<String, TreeMap<Double, Double>> series) {
    }

    private final URI metrics;

    ServiceHistograms(String serviceUrl) {
        URI service = URI.create(serviceUrl);
        this.metrics = URI.create(service.getScheme() + "://" + service.getHost() + ":" + (service.getPort() + 1000)
                + "/q/metrics");
    }

    /** Null when the service does not answer (the phase's report then has no breakdown). */
    Snapshot take() {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return null;
            }
            Map<String, TreeMap<Double, Double>> series = new TreeMap<>();
            for (String line : response.body().split("\n")) {
                Matcher b = BUCKET.matcher(line);
                if (b.matches()) {
                    String labels = (b.group(2) + "," + b.group(4)).replaceAll("^,|,$", "");
                    double le = b.group(3).equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(b.group(3));
                    series.computeIfAbsent(b.group(1) + "{" + labels + "}", k -> new TreeMap<>())
                            .put(le, Double.parseDouble(b.group(5)));
                    continue;
                }
                Matcher c = COUNTER.matcher(line);
                if (c.matches()) {
                    series.computeIfAbsent(c.group(1) + "{" + c.group(2) + "}", k -> new TreeMap<>())
                            .put(Double.POSITIVE_INFINITY, Double.parseDouble(c.group(3)));
                }
            }
            return new Snapshot(series);
        } catch (Exception e) {
            return null;
        }
    }

    /** One line per series that moved during the phase: count, p50, p90, p99 (ms, or records for the poll size). */
    static List<String> describe(Snapshot before, Snapshot after) {
        List<String> lines = new ArrayList<>();
        if (before == null || after == null) {
            lines.add("(receivables-service's stage histograms could not be read)");
            return lines;
        }
        after.series().forEach((name, buckets) -> {
            TreeMap<Double, Double> earlier = before.series().getOrDefault(name, new TreeMap<>());
            TreeMap<Double, Double> diff = new TreeMap<>();
            buckets.forEach((le, n) -> diff.put(le, n - earlier.getOrDefault(le, 0.0)));
            double total = diff.getOrDefault(Double.POSITIVE_INFINITY, diff.isEmpty() ? 0 : diff.lastEntry().getValue());
            if (total <= 0) {
                return;
            }
            if (name.startsWith("ledgerline_outbox_held_back_total") || name.startsWith("jvm_gc_pause_seconds_count")) {
                lines.add(String.format("%s %,.0f", name, total));
                return;
            }
            if (name.startsWith("jvm_gc_pause_seconds_sum")) {
                lines.add(String.format("%s %.1f ms in all", name, total * 1000));
                return;
            }
            boolean seconds = name.contains("_seconds");
            lines.add(String.format("%s n=%,.0f p50 ≤ %s p90 ≤ %s p99 ≤ %s", name.replace("_seconds", ""), total,
                    at(diff, total, 0.50, seconds), at(diff, total, 0.90, seconds), at(diff, total, 0.99, seconds)));
        });
        return lines;
    }

    private static String at(TreeMap<Double, Double> cumulative, double total, double p, boolean seconds) {
        for (Map.Entry<Double, Double> e : cumulative.entrySet()) {
            if (e.getValue() >= p * total) {
                if (e.getKey().isInfinite()) {
                    return "∞";
                }
                return seconds ? String.format("%.1f ms", e.getKey() * 1000) : String.format("%.0f", e.getKey());
            }
        }
        return "?";
    }
}
