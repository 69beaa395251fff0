package io.ledgerline.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * The REST benchmark's chart, written as SVG by the benchmark itself (no library, no service): on top, the populating
 * stage over time (records accepted per second and the read model's backlog); below, each measured stage's requests/s
 * beside the peer's, with its p99. A reader looks at it instead of reading the tables.
 */
final class RestChart {

    /** One second of the populating stage: records accepted in that second, events the read model still had to do. */
    record Sample(double second, double recordsPerSecond, long readModelBehind) {
    }

    /** One measured stage: what it is, its rate and p99, and the peer's in the same run (NaN when it has no peer). */
    record Stage(String label, double requestsPerSecond, double p99Millis, double peerRequestsPerSecond,
                 double peerP99Millis) {
    }

    private static final int WIDTH = 960;
    private static final int LEFT = 70;
    private static final int RIGHT = 80;
    private static final String SERVICE = "#1f77b4";
    private static final String PEER = "#ff7f0e";
    private static final String BACKLOG = "#2ca02c";

    private RestChart() {
    }

    static String svg(String title, List<Sample> populate, List<Stage> stages) {
        int timelineTop = 60;
        int timelineHeight = 220;
        int barsTop = timelineTop + timelineHeight + 90;
        int barRow = 34;
        int barsHeight = stages.size() * barRow;
        int height = barsTop + barsHeight + 60;
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, height, WIDTH, height));
        svg.append(String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", WIDTH, height));
        text(svg, LEFT, 24, 16, "bold", "start", title);
        timeline(svg, populate, timelineTop, timelineHeight);
        bars(svg, stages, barsTop, barRow);
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static void timeline(StringBuilder svg, List<Sample> samples, int top, int height) {
        int plotWidth = WIDTH - LEFT - RIGHT;
        text(svg, LEFT, top - 12, 13, "bold", "start",
                "1. Populating through ingest: records accepted per second (left) and the read model's backlog (right)");
        double maxSecond = Math.max(1, samples.stream().mapToDouble(Sample::second).max().orElse(1));
        double maxRate = niceCeiling(samples.stream().mapToDouble(Sample::recordsPerSecond).max().orElse(1));
        double maxBehind = niceCeiling(samples.stream().mapToDouble(Sample::readModelBehind).max().orElse(1));
        axes(svg, top, height, plotWidth);
        for (int i = 0; i <= 4; i++) {
            double y = top + height - height * i / 4.0;
            text(svg, LEFT - 6, y + 4, 11, "normal", "end", number(maxRate * i / 4));
            text(svg, LEFT + plotWidth + 6, y + 4, 11, "normal", "start", number(maxBehind * i / 4));
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT, y, LEFT + plotWidth, y));
        }
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + plotWidth * i / 5.0;
            text(svg, x, top + height + 16, 11, "normal", "middle", String.format(Locale.ROOT, "%.0f s", maxSecond * i / 5));
        }
        StringBuilder rate = new StringBuilder();
        StringBuilder behind = new StringBuilder();
        for (Sample s : samples) {
            double x = LEFT + plotWidth * s.second() / maxSecond;
            rate.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + height - height * s.recordsPerSecond() / maxRate));
            behind.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, top + height - height * s.readModelBehind() / maxBehind));
        }
        svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" points=\"%s\"/>%n", SERVICE, rate));
        svg.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\""
                + " points=\"%s\"/>%n", BACKLOG, behind));
        legend(svg, LEFT, top + height + 36, SERVICE, "records accepted/s (receivables' primary events on its topic)");
        legend(svg, LEFT + 420, top + height + 36, BACKLOG, "read model: events still to project (dashed)");
    }

    private static void bars(StringBuilder svg, List<Stage> stages, int top, int row) {
        int labelWidth = 260;
        int plotLeft = LEFT + labelWidth;
        int plotWidth = WIDTH - plotLeft - RIGHT - 60;
        text(svg, LEFT, top - 28, 13, "bold", "start",
                "2. Measured stages (wrk, closed loop): requests/s, with p99 at the end of each bar");
        legend(svg, LEFT, top - 10, SERVICE, "receivables-service");
        legend(svg, LEFT + 200, top - 10, PEER, "peer: minimal Quarkus GET-by-id, same PostgreSQL, same run");
        double max = niceCeiling(stages.stream().mapToDouble(s -> Math.max(s.requestsPerSecond(),
                Double.isNaN(s.peerRequestsPerSecond()) ? 0 : s.peerRequestsPerSecond())).max().orElse(1));
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            double y = top + i * row;
            text(svg, plotLeft - 8, y + 17, 11, "normal", "end", s.label());
            bar(svg, plotLeft, y + 3, plotWidth * s.requestsPerSecond() / max, 12, SERVICE,
                    String.format(Locale.ROOT, "%s/s, p99 %.1f ms", number(s.requestsPerSecond()), s.p99Millis()));
            if (!Double.isNaN(s.peerRequestsPerSecond())) {
                bar(svg, plotLeft, y + 16, plotWidth * s.peerRequestsPerSecond() / max, 12, PEER,
                        String.format(Locale.ROOT, "%s/s, p99 %.1f ms", number(s.peerRequestsPerSecond()),
                                s.peerP99Millis()));
            }
        }
        double bottom = top + stages.size() * row;
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                plotLeft, bottom, plotLeft + plotWidth, bottom));
        for (int i = 0; i <= 4; i++) {
            double x = plotLeft + plotWidth * i / 4.0;
            text(svg, x, bottom + 14, 11, "normal", "middle", number(max * i / 4));
        }
        text(svg, plotLeft + plotWidth / 2.0, bottom + 30, 11, "normal", "middle", "requests per second");
    }

    private static void bar(StringBuilder svg, double x, double y, double width, double height, String color,
                            String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, Math.max(1, width), height, color));
        text(svg, x + Math.max(1, width) + 4, y + height - 2, 10, "normal", "start", label);
    }

    private static void axes(StringBuilder svg, int top, int height, int plotWidth) {
        svg.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d V%d\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, top, top + height, LEFT + plotWidth, top));
    }

    private static void legend(StringBuilder svg, int x, int y, String color, String label) {
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
                x, y - 9, color));
        text(svg, x + 16, y, 11, "normal", "start", label);
    }

    private static void text(StringBuilder svg, double x, double y, int size, String weight, String anchor,
                             String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\""
                + " text-anchor=\"%s\">%s</text>%n", x, y, size, weight, anchor, escape(content)));
    }

    private static String number(double value) {
        return String.format(Locale.ROOT, "%,.0f", value);
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least the value: axes end on a round number. */
    static double niceCeiling(double value) {
        if (!(value > 0)) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(value)));
        for (double step : new double[] {1, 2, 2.5, 5, 10}) {
            if (value <= step * power) {
                return step * power;
            }
        }
        return 10 * power;
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
