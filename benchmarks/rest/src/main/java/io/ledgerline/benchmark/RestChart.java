package io.ledgerline.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The REST benchmark's chart, drawn with the benchmarks' {@link SvgChart}: on top, the populating stage over time
 * (records accepted per second and the read model's backlog); below, each measured stage's requests/s beside the
 * peer's, with its p99. A reader looks at it instead of reading the tables.
 */
final class RestChart {

    /** One second of the populating stage: records accepted in that second, events the read model still had to do. */
    record Sample(double second, double recordsPerSecond, long readModelBehind) {
    }

    /** One measured stage: what it is, its rate and p99, and the peer's in the same run (NaN when it has no peer). */
    record Stage(String label, double requestsPerSecond, double p99Millis, double peerRequestsPerSecond,
                 double peerP99Millis) {
    }

    private RestChart() {
    }

    static String svg(String title, List<Sample> populate, List<Stage> stages) {
        List<SvgChart.Point> rate = new ArrayList<>();
        List<SvgChart.Point> behind = new ArrayList<>();
        for (Sample s : populate) {
            rate.add(new SvgChart.Point(s.second(), s.recordsPerSecond()));
            behind.add(new SvgChart.Point(s.second(), s.readModelBehind()));
        }
        List<SvgChart.BarRow> rows = new ArrayList<>();
        for (Stage s : stages) {
            List<SvgChart.Bar> bars = new ArrayList<>();
            bars.add(new SvgChart.Bar(s.requestsPerSecond(), SvgChart.BLUE, rateAndP99(s.requestsPerSecond(),
                    s.p99Millis())));
            if (!Double.isNaN(s.peerRequestsPerSecond())) {
                bars.add(new SvgChart.Bar(s.peerRequestsPerSecond(), SvgChart.ORANGE,
                        rateAndP99(s.peerRequestsPerSecond(), s.peerP99Millis())));
            }
            rows.add(new SvgChart.BarRow(s.label(), bars));
        }
        SvgChart chart = new SvgChart(960, title);
        if (populate.isEmpty()) {
            // A stack handed over already populated (run-all.sh): only the measured stages.
            return chart.bars("Measured stages (wrk, closed loop): requests/s, with p99 at the end of each bar",
                    legend(), rows, "requests per second", false, List.of()).svg();
        }
        return chart
                .timeline("1. Populating through ingest: records accepted per second (left) and the read model's"
                                + " backlog (right)",
                        List.of(new SvgChart.Line("records accepted/s (receivables' primary events on its topic)",
                                        SvgChart.BLUE, false, false, rate),
                                new SvgChart.Line("read model: events still to project", SvgChart.GREEN, true, true,
                                        behind)),
                        "records/s", "events")
                .bars("2. Measured stages (wrk, closed loop): requests/s, with p99 at the end of each bar",
                        legend(), rows, "requests per second", false, List.of())
                .svg();
    }

    private static List<SvgChart.Legend> legend() {
        return List.of(new SvgChart.Legend(SvgChart.BLUE, "receivables-service"),
                new SvgChart.Legend(SvgChart.ORANGE, "peer: minimal Quarkus GET-by-id, same PostgreSQL, same run"));
    }

    private static String rateAndP99(double perSecond, double p99Millis) {
        return String.format(Locale.ROOT, "%s/s, p99 %.1f ms", SvgChart.number(perSecond), p99Millis);
    }
}
