package io.ledgerline.benchmark;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The ingest benchmark's chart ({@link SvgChart}): each stage's rate over the ingest phase of receivables-service
 * alone, with the whole local stack's accepted records in the same seconds; the latency distribution of both latency
 * phases against their targets; and which process used the cores, alone and with the whole stack.
 */
final class IngestChart {

    private IngestChart() {
    }

    static String svg(String title, IngestBenchmark.Results r) {
        SvgChart chart = new SvgChart(960, title);
        List<KafkaBench.Point> points = r.e2e().points();
        List<SvgChart.Line> lines = new ArrayList<>();
        lines.add(new SvgChart.Line("records accepted/s (primary events on the domain topic)", SvgChart.BLUE, false,
                false, rate(points, KafkaBench.Point::primary)));
        if (points.stream().allMatch(p -> p.appended() >= 0)) {
            lines.add(new SvgChart.Line("events appended to the ledger/s", SvgChart.PURPLE, false, false,
                    rate(points, KafkaBench.Point::appended)));
        }
        lines.add(new SvgChart.Line("domain events on the topic/s", SvgChart.GREEN, false, false,
                rate(points, KafkaBench.Point::domainEvents)));
        if (points.stream().allMatch(p -> p.projected() >= 0)) {
            lines.add(new SvgChart.Line("events projected into the read models/s", SvgChart.BROWN, false, false,
                    rate(points, KafkaBench.Point::projected)));
        }
        if (r.wholeStack() != null) {
            lines.add(new SvgChart.Line("whole local stack: records accepted/s (first "
                    + Math.round(r.wholeStack().window().seconds()) + " s)", SvgChart.ORANGE, true, false,
                    rate(r.wholeStack().window().points(), KafkaBench.Point::primary)));
        }
        List<SvgChart.Point> backlog = new ArrayList<>();
        for (KafkaBench.Point p : points) {
            backlog.add(new SvgChart.Point(p.seconds(), Math.max(0, p.acked() - p.primary())));
        }
        lines.add(new SvgChart.Line("records sent, not yet accepted", SvgChart.GREY, true, true, backlog));
        chart.timeline(String.format(Locale.ROOT, "1. Ingest of %,d records, receivables-service alone: each stage per"
                + " second since the first send (%d s averages)", r.e2e().published(), SMOOTHING_SECONDS), lines,
                "per second", "records");

        List<SvgChart.BarRow> latency = new ArrayList<>();
        for (LatencyBench.Result l : new LatencyBench.Result[] {r.firstMinute(), r.warm()}) {
            if (l == null) {
                continue;
            }
            latency.add(new SvgChart.BarRow(l.phase().equals("warm") ? "warm (after the ingest phase)"
                    : "first minute after start", List.of(
                    new SvgChart.Bar(l.p50Ms(), SvgChart.BLUE, "p50 " + ms(l.p50Ms())),
                    new SvgChart.Bar(l.p90Ms(), SvgChart.GREEN, "p90 " + ms(l.p90Ms())),
                    new SvgChart.Bar(l.p99Ms(), SvgChart.ORANGE, "p99 " + ms(l.p99Ms())),
                    new SvgChart.Bar(l.maxMs(), SvgChart.PURPLE, "max " + ms(l.maxMs())))));
        }
        if (!latency.isEmpty()) {
            chart.bars("2. Latency at a steady 1,000 InvoiceIssued/s offered: sent → its event on the domain topic",
                    List.of(new SvgChart.Legend(SvgChart.BLUE, "p50"), new SvgChart.Legend(SvgChart.GREEN, "p90"),
                            new SvgChart.Legend(SvgChart.ORANGE, "p99"), new SvgChart.Legend(SvgChart.PURPLE, "max"),
                            new SvgChart.Legend(SvgChart.RED, "targets for p99 (dashed)")),
                    latency, "milliseconds", true, List.of(
                            new SvgChart.Mark(IngestBenchmark.TARGET_P99_WARM_MS, "warm < 100 ms"),
                            new SvgChart.Mark(IngestBenchmark.TARGET_P99_FIRST_MINUTE_MS, "first minute < 1 s")));
        }

        Map<String, Double> alone = r.e2e().cpuSeconds();
        Set<String> parts = new LinkedHashSet<>(alone.keySet());
        if (r.wholeStack() != null) {
            parts.addAll(r.wholeStack().window().cpuSeconds().keySet());
        }
        List<SvgChart.BarRow> cpu = new ArrayList<>();
        for (String part : parts) {
            List<SvgChart.Bar> bars = new ArrayList<>();
            double a = 100 * alone.getOrDefault(part, 0.0) / r.e2e().cpuWindowSeconds();
            bars.add(new SvgChart.Bar(a, SvgChart.BLUE, String.format(Locale.ROOT, "%.0f %%", a)));
            if (r.wholeStack() != null) {
                KafkaBench.WindowResult w = r.wholeStack().window();
                double b = 100 * w.cpuSeconds().getOrDefault(part, 0.0) / w.cpuWindowSeconds();
                bars.add(new SvgChart.Bar(b, SvgChart.ORANGE, String.format(Locale.ROOT, "%.0f %%", b)));
            }
            cpu.add(new SvgChart.BarRow(part, bars));
        }
        List<SvgChart.Legend> legend = new ArrayList<>();
        legend.add(new SvgChart.Legend(SvgChart.BLUE, "receivables-service alone: its ingest phase"));
        if (r.wholeStack() != null) {
            legend.add(new SvgChart.Legend(SvgChart.ORANGE, "whole local stack: the first "
                    + Math.round(r.wholeStack().window().seconds()) + " s of the same workload"));
        }
        chart.bars("3. CPU per process while ingesting, % of one core (the machine has "
                        + Runtime.getRuntime().availableProcessors() + ")", legend, cpu, "% of one core", false,
                List.of());
        return chart.svg();
    }

    /** Seconds a rate is averaged over: the service commits in polls, so a one-second rate jumps between 0 and peaks. */
    static final int SMOOTHING_SECONDS = 5;

    /**
     * Rates of a counter from points taken about once a second: at each point, what the counter rose over the last
     * {@link #SMOOTHING_SECONDS} points (from 0 at the first send for the first ones), per second.
     */
    static List<SvgChart.Point> rate(List<KafkaBench.Point> points, ToLongFunction<KafkaBench.Point> counter) {
        List<SvgChart.Point> rates = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            KafkaBench.Point p = points.get(i);
            int from = i - SMOOTHING_SECONDS;
            double t0 = from < 0 ? 0 : points.get(from).seconds();
            long v0 = from < 0 ? 0 : counter.applyAsLong(points.get(from));
            double dt = p.seconds() - t0;
            if (dt > 0) {
                rates.add(new SvgChart.Point(p.seconds(), Math.max(0, counter.applyAsLong(p) - v0) / dt));
            }
        }
        return rates;
    }

    private static String ms(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f ms", value) : "not seen in 60 s";
    }
}
