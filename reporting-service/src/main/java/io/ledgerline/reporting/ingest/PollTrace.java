package io.ledgerline.reporting.ingest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where one poll's time went: the time its records waited before the poll was handed over (from the upstream relay's
 * send, the records' CreateTime, to the hand-over), then each stage of the poll up to the commit. The consumer logs
 * it for a poll slower than {@code ledgerline.reporting.slow-poll-threshold}, so a tail can be explained from the log
 * of the run that had it.
 */
final class PollTrace {

    private final long handedOverNanos = System.nanoTime();
    private final long handedOverMillis = System.currentTimeMillis();
    private final int records;
    private final long oldestRecordMillis;
    private final long newestRecordMillis;
    private final List<String> stages = new ArrayList<>(8);
    private final List<Long> at = new ArrayList<>(8);
    private volatile String size = "";

    PollTrace(int records, long oldestRecordMillis, long newestRecordMillis) {
        this.records = records;
        this.oldestRecordMillis = oldestRecordMillis;
        this.newestRecordMillis = newestRecordMillis;
    }

    /** A trace that records nothing worth logging (tests, callers without a poll). */
    static PollTrace none() {
        return new PollTrace(0, -1, -1);
    }

    /** The end of a stage (stages run one after the other on the poll's connection). */
    synchronized void mark(String stage) {
        stages.add(stage);
        at.add(System.nanoTime());
    }

    /** What the poll held: events recorded, customers, months reworked, aging records appended. */
    void size(int recorded, int customers, int monthsReworked, int agingRecords) {
        size = "recorded=%d customers=%d months=%d aging=%d".formatted(recorded, customers, monthsReworked,
                agingRecords);
    }

    long elapsedNanos() {
        return System.nanoTime() - handedOverNanos;
    }

    /** One line: the records' wait before the hand-over, then each stage in milliseconds. */
    synchronized String summary() {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "poll of %d records in %.1f ms", records,
                elapsedNanos() / 1e6));
        if (oldestRecordMillis > 0) {
            line.append(String.format(Locale.ROOT, " (records sent %d to %d ms before the hand-over)",
                    handedOverMillis - oldestRecordMillis, handedOverMillis - newestRecordMillis));
        }
        long previous = handedOverNanos;
        for (int i = 0; i < stages.size(); i++) {
            line.append(String.format(Locale.ROOT, " %s=%.1f", stages.get(i), (at.get(i) - previous) / 1e6));
            previous = at.get(i);
        }
        line.append(' ').append(size).append(" committed-at=").append(System.currentTimeMillis());
        return line.toString();
    }
}
