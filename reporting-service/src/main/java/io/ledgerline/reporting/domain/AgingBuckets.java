package io.ledgerline.reporting.domain;

import io.ledgerline.events.reporting.ReportingRecord.AgingBucket;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The aging buckets, by their upper limits in days: {@code [0, 30, 60, 90]} gives {@code current} (≤ 0 days),
 * {@code 1-30}, {@code 31-60}, {@code 61-90} and {@code 90+}. Every whole number of days falls in exactly one bucket,
 * which is why the buckets of an aging always sum to its open amount.
 */
public record AgingBuckets(List<Integer> upperLimits) {

    public static final AgingBuckets STANDARD = new AgingBuckets(List.of(0, 30, 60, 90));
    static final int MAX_BUCKETS = 24;

    public AgingBuckets {
        upperLimits = List.copyOf(upperLimits);
        if (upperLimits.isEmpty() || upperLimits.size() > MAX_BUCKETS) {
            throw new IllegalArgumentException("between 1 and " + MAX_BUCKETS + " bucket limits are needed");
        }
        for (int n = 1; n < upperLimits.size(); n++) {
            if (upperLimits.get(n) <= upperLimits.get(n - 1)) {
                throw new IllegalArgumentException("bucket limits must be ascending: " + upperLimits);
            }
        }
        if (upperLimits.getFirst() < 0 || upperLimits.getLast() > 3650) {
            throw new IllegalArgumentException("bucket limits must lie between 0 and 3650 days: " + upperLimits);
        }
    }

    /**
     * Parses {@code "0,30,60,90"}.
     *
     * @throws IllegalArgumentException with a sentence a user can act on
     */
    public static AgingBuckets parse(String limits) {
        try {
            return new AgingBuckets(Arrays.stream(limits.split(",")).map(String::trim).map(Integer::valueOf).toList());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bucket limits are whole numbers of days separated by commas, e.g. "
                    + "0,30,60,90: " + limits);
        }
    }

    public int size() {
        return upperLimits.size() + 1;
    }

    public int indexOf(long days) {
        for (int n = 0; n < upperLimits.size(); n++) {
            if (days <= upperLimits.get(n)) {
                return n;
            }
        }
        return upperLimits.size();
    }

    public String name(int index) {
        if (index == upperLimits.size()) {
            return upperLimits.getLast() + "+";
        }
        int upper = upperLimits.get(index);
        if (index == 0) {
            return upper == 0 ? "current" : "0-" + upper;
        }
        return (upperLimits.get(index - 1) + 1) + "-" + upper;
    }

    public List<String> names() {
        List<String> names = new ArrayList<>();
        for (int n = 0; n < size(); n++) {
            names.add(name(n));
        }
        return names;
    }

    /** The published shape of bucket {@code index} holding {@code amount}. */
    public AgingBucket bucket(int index, BigDecimal amount) {
        Integer from = index == 0 ? null : upperLimits.get(index - 1) + 1;
        Integer to = index == upperLimits.size() ? null : upperLimits.get(index);
        return new AgingBucket(name(index), from, to, amount);
    }

    @Override
    public String toString() {
        return String.join(",", upperLimits.stream().map(String::valueOf).toList());
    }
}
