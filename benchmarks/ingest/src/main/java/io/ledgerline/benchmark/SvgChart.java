package io.ledgerline.benchmark;

import java.util.List;
import java.util.Locale;

/**
 * The benchmarks' charts, written as SVG by the benchmarks themselves (no library, no service), panel under panel:
 * a timeline (lines over seconds, a left axis and an optional right one) and horizontal bars (rows of one or more
 * bars, linear or logarithmic, with optional marks such as a target). The ingest benchmark and the REST benchmark
 * (which depends on this module through the credit benchmark) both draw with it, so the charts read alike.
 */
public final class SvgChart {

    public static final String BLUE = "#1f77b4";
    public static final String ORANGE = "#ff7f0e";
    public static final String GREEN = "#2ca02c";
    public static final String RED = "#d62728";
    public static final String PURPLE = "#9467bd";
    public static final String BROWN = "#8c564b";
    public static final String GREY = "#7f7f7f";

    /** One point of a line: x in seconds, y in the line's axis unit. */
    public record Point(double x, double y) {
    }

    /** A line of a timeline; {@code rightAxis} lines are scaled to the right axis, dashed lines read as secondary. */
    public record Line(String label, String color, boolean dashed, boolean rightAxis, List<Point> points) {
    }

    /** One bar: its value, colour and the text written after it. */
    public record Bar(double value, String color, String label) {
    }

    /** A row of bars under one label (e.g. the service and its peer). */
    public record BarRow(String label, List<Bar> bars) {
    }

    /** A colour's meaning, above a panel or under it. */
    public record Legend(String color, String label) {
    }

    /** A vertical dashed line across a bar panel at a value (a target). */
    public record Mark(double value, String label) {
    }

    private static final int LEFT = 70;
    private static final int RIGHT = 80;
    private static final int TIMELINE_HEIGHT = 220;

    private final int width;
    private final StringBuilder body = new StringBuilder();
    /** Where the next panel's heading goes. */
    private int cursor = 48;

    public SvgChart(int width, String title) {
        this.width = width;
        text(body, LEFT, 24, 16, "bold", "start", title);
    }

    /** A panel of lines over time: left axis for most lines, right axis (when any line asks for it) for the others. */
    public SvgChart timeline(String heading, List<Line> lines, String leftUnit, String rightUnit) {
        int top = cursor + 12;
        int height = TIMELINE_HEIGHT;
        int plotWidth = width - LEFT - RIGHT;
        text(body, LEFT, cursor, 13, "bold", "start", heading);
        double maxX = Math.max(1, lines.stream().flatMap(l -> l.points().stream()).mapToDouble(Point::x).max()
                .orElse(1));
        double maxLeft = niceCeiling(lines.stream().filter(l -> !l.rightAxis()).flatMap(l -> l.points().stream())
                .mapToDouble(Point::y).max().orElse(1));
        boolean right = lines.stream().anyMatch(Line::rightAxis);
        double maxRight = niceCeiling(lines.stream().filter(Line::rightAxis).flatMap(l -> l.points().stream())
                .mapToDouble(Point::y).max().orElse(1));
        body.append(String.format(Locale.ROOT, "<path d=\"M%d %d V%d H%d%s\" fill=\"none\" stroke=\"#333\"/>%n",
                LEFT, top, top + height, LEFT + plotWidth, right ? " V" + top : ""));
        for (int i = 0; i <= 4; i++) {
            double y = top + height - height * i / 4.0;
            text(body, LEFT - 6, y + 4, 11, "normal", "end", number(maxLeft * i / 4));
            if (right) {
                text(body, LEFT + plotWidth + 6, y + 4, 11, "normal", "start", number(maxRight * i / 4));
            }
            body.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#eee\"/>%n",
                    LEFT, y, LEFT + plotWidth, y));
        }
        text(body, LEFT - 6, top - 4, 10, "normal", "end", leftUnit);
        if (right) {
            text(body, LEFT + plotWidth + 6, top - 4, 10, "normal", "start", rightUnit);
        }
        for (int i = 0; i <= 5; i++) {
            double x = LEFT + plotWidth * i / 5.0;
            text(body, x, top + height + 16, 11, "normal", "middle", String.format(Locale.ROOT, "%.0f s", maxX * i / 5));
        }
        for (Line line : lines) {
            double max = line.rightAxis() ? maxRight : maxLeft;
            StringBuilder points = new StringBuilder();
            for (Point p : line.points()) {
                double y = Math.min(max, Math.max(0, p.y()));
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", LEFT + plotWidth * p.x() / maxX,
                        top + height - height * y / max));
            }
            body.append(String.format("<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"1.5\"%s points=\"%s\"/>%n",
                    line.color(), line.dashed() ? " stroke-dasharray=\"4 3\"" : "", points));
        }
        int y = top + height + 36;
        y = legends(lines.stream().map(l -> new Legend(l.color(), l.label() + (l.dashed() ? " (dashed)" : "")
                + (l.rightAxis() && right ? ", right axis" : ""))).toList(), y);
        cursor = y + 30;
        return this;
    }

    /**
     * A panel of horizontal bars, one row per label; {@code logScale} for figures spanning decades (latencies), from
     * the power of ten at or below the smallest value.
     */
    public SvgChart bars(String heading, List<Legend> legend, List<BarRow> rows, String axisLabel, boolean logScale,
                         List<Mark> marks) {
        int labelWidth = 260;
        int plotLeft = LEFT + labelWidth;
        int plotWidth = width - plotLeft - RIGHT - 60;
        int perRow = Math.max(2, rows.stream().mapToInt(r -> r.bars().size()).max().orElse(1));
        int row = 8 + 13 * perRow;
        text(body, LEFT, cursor, 13, "bold", "start", heading);
        int legendY = legends(legend, cursor + 18);
        int top = legendY + 10;
        double max = niceCeiling(rows.stream().flatMap(r -> r.bars().stream()).mapToDouble(Bar::value)
                .filter(Double::isFinite).max().orElse(1));
        double min = logScale ? Math.pow(10, Math.floor(Math.log10(Math.max(1, rows.stream()
                .flatMap(r -> r.bars().stream()).mapToDouble(Bar::value).filter(v -> v > 0 && Double.isFinite(v))
                .min().orElse(1))))) : 0;
        java.util.function.DoubleUnaryOperator scale = v -> {
            if (!Double.isFinite(v)) {
                return plotWidth;
            }
            double share = logScale ? Math.log10(Math.max(v, min) / min) / Math.log10(max / min) : v / max;
            return plotWidth * Math.max(0, Math.min(1, share));
        };
        for (int i = 0; i < rows.size(); i++) {
            BarRow r = rows.get(i);
            double y = top + i * row;
            text(body, plotLeft - 8, y + 4 + row / 2.0, 11, "normal", "end", r.label());
            for (int b = 0; b < r.bars().size(); b++) {
                Bar bar = r.bars().get(b);
                bar(plotLeft, y + 3 + 13 * b, scale.applyAsDouble(bar.value()), 12, bar.color(), bar.label());
            }
        }
        // Marks get a strip of their own under the rows for their labels.
        double bottom = top + rows.size() * row + (marks.isEmpty() ? 0 : 16);
        for (Mark mark : marks) {
            double x = plotLeft + scale.applyAsDouble(mark.value());
            body.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\""
                    + " stroke-dasharray=\"3 3\"/>%n", x, (double) top, x, bottom, RED));
            text(body, x + 3, bottom - 4, 10, "normal", "start", mark.label());
        }
        body.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#333\"/>%n",
                plotLeft, bottom, plotLeft + plotWidth, bottom));
        if (logScale) {
            for (double v = min; v <= max * 1.0001; v *= 10) {
                text(body, plotLeft + scale.applyAsDouble(v), bottom + 14, 11, "normal", "middle", number(v));
            }
        } else {
            for (int i = 0; i <= 4; i++) {
                text(body, plotLeft + plotWidth * i / 4.0, bottom + 14, 11, "normal", "middle", number(max * i / 4));
            }
        }
        text(body, plotLeft + plotWidth / 2.0, bottom + 30, 11, "normal", "middle",
                axisLabel + (logScale ? " (logarithmic)" : ""));
        cursor = (int) bottom + 60;
        return this;
    }

    /** A line of notes under the last panel. */
    public SvgChart note(String text) {
        text(body, LEFT, cursor - 10, 11, "normal", "start", text);
        cursor += 16;
        return this;
    }

    public String svg() {
        int height = cursor;
        return String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
                + " viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"12\">%n", width, height, width, height)
                + String.format(Locale.ROOT, "<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height)
                + body + "</svg>\n";
    }

    /** Legends left to right, wrapping to a new line when the width is used up; returns the y of the last line. */
    private int legends(List<Legend> legends, int y) {
        int x = LEFT;
        for (Legend legend : legends) {
            int w = 30 + (int) (legend.label().length() * 6.2);
            if (x > LEFT && x + w > width - RIGHT / 2) {
                x = LEFT;
                y += 16;
            }
            body.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"10\" fill=\"%s\"/>%n",
                    x, y - 9, legend.color()));
            text(body, x + 16, y, 11, "normal", "start", legend.label());
            x += w;
        }
        return y;
    }

    private void bar(double x, double y, double w, double h, String color, String label) {
        body.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                x, y, Math.max(1, w), h, color));
        text(body, x + Math.max(1, w) + 4, y + h - 2, 10, "normal", "start", label);
    }

    private static void text(StringBuilder svg, double x, double y, int size, String weight, String anchor,
                             String content) {
        svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" font-weight=\"%s\""
                + " text-anchor=\"%s\">%s</text>%n", x, y, size, weight, anchor, escape(content)));
    }

    public static String number(double value) {
        return Double.isFinite(value) ? String.format(Locale.ROOT, "%,.0f", value) : "∞";
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least the value: axes end on a round number. */
    public static double niceCeiling(double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
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
