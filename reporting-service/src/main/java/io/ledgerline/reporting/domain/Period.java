package io.ledgerline.reporting.domain;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reporting period: a month ({@code 2026-10}), a quarter ({@code 2026-Q4}), a year ({@code 2026}) or custom days
 * ({@code 2026-10-01_2026-10-15}), from {@code start} to {@code end} inclusive. Its {@code name} is the KPI key's
 * period part.
 */
public record Period(String name, LocalDate start, LocalDate end) {

    private static final Pattern QUARTER = Pattern.compile("(\\d{4})-Q([1-4])");
    private static final Pattern MONTH = Pattern.compile("\\d{4}-\\d{2}");
    private static final Pattern YEAR = Pattern.compile("\\d{4}");
    private static final Pattern CUSTOM = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})_(\\d{4}-\\d{2}-\\d{2})");

    public Period {
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("a period ends on or after it starts: " + name);
        }
    }

    /**
     * @throws IllegalArgumentException with a sentence a user can act on
     */
    public static Period parse(String text) {
        try {
            Matcher quarter = QUARTER.matcher(text);
            if (quarter.matches()) {
                int year = Integer.parseInt(quarter.group(1));
                int q = Integer.parseInt(quarter.group(2));
                YearMonth first = YearMonth.of(year, (q - 1) * 3 + 1);
                return new Period(text, first.atDay(1), first.plusMonths(2).atEndOfMonth());
            }
            if (MONTH.matcher(text).matches()) {
                return month(YearMonth.parse(text));
            }
            if (YEAR.matcher(text).matches()) {
                int year = Integer.parseInt(text);
                return new Period(text, LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
            }
            Matcher custom = CUSTOM.matcher(text);
            if (custom.matches()) {
                return new Period(text, LocalDate.parse(custom.group(1)), LocalDate.parse(custom.group(2)));
            }
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a valid date in period " + text);
        }
        throw new IllegalArgumentException("a period is a month (2026-10), a quarter (2026-Q4), a year (2026) or "
                + "custom days (2026-10-01_2026-10-15): " + text);
    }

    public static Period month(YearMonth month) {
        return new Period(month.toString(), month.atDay(1), month.atEndOfMonth());
    }

    /** The quarter {@code day} falls in, e.g. {@code 2026-Q4}. */
    public static Period quarterOf(LocalDate day) {
        return parse(day.getYear() + "-Q" + ((day.getMonthValue() - 1) / 3 + 1));
    }

    /** The calendar year {@code day} falls in. */
    public static Period yearOf(LocalDate day) {
        return parse(Integer.toString(day.getYear()));
    }

    /** Custom days {@code from}..{@code to}, named {@code from_to} as {@link #parse} reads it. */
    public static Period range(LocalDate from, LocalDate to) {
        return new Period(from + "_" + to, from, to);
    }

    public long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    /** The period as it stands on {@code asOf}: cut at that day when it has not ended yet. */
    public Period asOf(LocalDate asOf) {
        if (asOf.isBefore(start)) {
            throw new IllegalArgumentException("period " + name + " starts after " + asOf);
        }
        return asOf.isBefore(end) ? new Period(name, start, asOf) : this;
    }

    /** Calendar months the period touches (for the monthly-average CEI): 1 for a month, 3 for a quarter. */
    public int months() {
        return (int) ChronoUnit.MONTHS.between(YearMonth.from(start), YearMonth.from(end)) + 1;
    }

    /**
     * The months a countback walks, newest first: the month {@code end} falls in (from its first day to
     * {@code end}, whatever day the period starts on), then whole earlier months, {@code count} in all.
     */
    public List<Period> countbackMonths(int count) {
        List<Period> months = new ArrayList<>();
        YearMonth month = YearMonth.from(end);
        months.add(new Period(month.toString(), month.atDay(1), end));
        for (int n = 1; n < count; n++) {
            months.add(month(month.minusMonths(n)));
        }
        return months;
    }
}
