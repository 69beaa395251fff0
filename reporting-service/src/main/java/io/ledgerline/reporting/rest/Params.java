package io.ledgerline.reporting.rest;

import io.ledgerline.events.reporting.ReportingRecord.AgingBasis;
import io.ledgerline.reporting.domain.AgingBuckets;
import io.ledgerline.reporting.domain.KpiCalculator;
import io.ledgerline.reporting.domain.Money;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.Scope;
import io.ledgerline.reporting.service.AgingReports;
import io.ledgerline.reporting.service.AgingSettings;
import io.ledgerline.support.ProblemException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Query parameters, each refused with problem+json naming it when it is malformed. */
final class Params {

    private static final MediaType CSV = new MediaType("text", "csv");

    /** The first day Ledgerline holds figures of (the ingest contract's earliest date). */
    static final LocalDate EARLIEST = LocalDate.of(1970, 1, 1);

    private Params() {
    }

    /** A business date, today when absent; never after today (figures of the future are not known). */
    static LocalDate asOf(String value, Clock clock) {
        LocalDate today = LocalDate.now(clock);
        if (value == null || value.isBlank()) {
            return today;
        }
        LocalDate date = date("asOf", value);
        if (date.isAfter(today)) {
            throw ProblemException.invalidField("asOf", "AS_OF_IN_THE_FUTURE",
                    "asOf " + date + " is after today (" + today + "): figures are known up to today");
        }
        return date;
    }

    static LocalDate date(String field, String value) {
        try {
            LocalDate date = LocalDate.parse(value);
            if (date.isBefore(EARLIEST)) {
                throw ProblemException.invalidField(field, "INVALID_DATE", field + " must not be before 1970-01-01");
            }
            return date;
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(field, "INVALID_DATE", field + " must be a date YYYY-MM-DD: " + value);
        }
    }

    static AgingBasis basis(String value, AgingSettings settings) {
        if (value == null || value.isBlank()) {
            return settings.basis();
        }
        try {
            return AgingBasis.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("basis", "INVALID_BASIS", "basis is DUE_DATE or INVOICE_DATE: " + value);
        }
    }

    static AgingBuckets buckets(String value, AgingSettings settings) {
        if (value == null || value.isBlank()) {
            return settings.buckets();
        }
        try {
            return AgingBuckets.parse(value);
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("buckets", "INVALID_BUCKETS", e.getMessage());
        }
    }

    static AgingReports.GroupBy groupBy(String value) {
        if (value == null || value.isBlank()) {
            return AgingReports.GroupBy.PORTFOLIO;
        }
        try {
            return AgingReports.GroupBy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("groupBy", "INVALID_GROUP_BY",
                    "groupBy is PORTFOLIO, CUSTOMER, COLLECTOR or SEGMENT: " + value);
        }
    }

    static String currency(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("[A-Z]{3}") || !Money.isCurrency(value)) {
            throw ProblemException.invalidField("currency", "INVALID_CURRENCY",
                    "currency is an ISO 4217 code such as EUR: " + value);
        }
        return value;
    }

    /** A period; the month of {@code asOf} when absent. */
    static Period period(String field, String value, LocalDate asOf) {
        return period(field, value, asOf, Long.MAX_VALUE);
    }

    /**
     * A period given as {@code period} (a month, a quarter, a year, custom days, or {@code month-to-date},
     * {@code quarter-to-date}, {@code year-to-date}: the month, quarter or year of {@code asOf}, to that day) or as a
     * range {@code from} (to {@code to}, or to asOf); the month of {@code asOf} when none is given. A period starting
     * after {@code asOf}, a range ending after it, or one longer than {@code maxDays} is refused.
     */
    static Period period(String value, String from, String to, LocalDate asOf, long maxDays) {
        boolean range = !blank(from) || !blank(to);
        if (!range) {
            return period("period", value, asOf, maxDays);
        }
        if (!blank(value)) {
            throw ProblemException.invalidField("period", "PERIOD_AND_RANGE",
                    "give either period or a range from/to, not both");
        }
        if (blank(from)) {
            throw ProblemException.invalidField("from", "MISSING_FROM", "a range needs from (to defaults to asOf)");
        }
        LocalDate first = date("from", from);
        LocalDate last = blank(to) ? asOf : date("to", to);
        if (last.isAfter(asOf)) {
            throw ProblemException.invalidField("to", "PERIOD_AFTER_AS_OF",
                    "to " + last + " is after asOf " + asOf + ": figures are known up to asOf");
        }
        if (first.isAfter(last)) {
            throw ProblemException.invalidField("from", "FROM_AFTER_TO", "from " + first + " is after to " + last);
        }
        Period period = Period.range(first, last);
        if (period.days() > maxDays) {
            throw ProblemException.invalidField("to", "PERIOD_TOO_LONG",
                    "a range spans at most " + maxDays + " days; " + first + " to " + last + " is " + period.days());
        }
        return period;
    }

    private static Period period(String field, String value, LocalDate asOf, long maxDays) {
        if (blank(value)) {
            return Period.month(YearMonth.from(asOf));
        }
        Period period = switch (value.toLowerCase(Locale.ROOT)) {
            case "month-to-date", "mtd" -> Period.month(YearMonth.from(asOf));
            case "quarter-to-date", "qtd" -> Period.quarterOf(asOf);
            case "year-to-date", "ytd" -> Period.yearOf(asOf);
            default -> {
                try {
                    yield Period.parse(value);
                } catch (IllegalArgumentException e) {
                    throw ProblemException.invalidField(field, "INVALID_PERIOD", e.getMessage()
                            + " (or month-to-date, quarter-to-date, year-to-date; or a range from=&to=)");
                }
            }
        };
        if (period.start().isBefore(EARLIEST)) {
            // Like a date before it: no figure can be known there, and a month asked for is built and kept.
            throw ProblemException.invalidField(field, "INVALID_PERIOD", "period " + value
                    + " starts before 1970-01-01, before any figure");
        }
        if (period.start().isAfter(asOf)) {
            throw ProblemException.invalidField(field, "PERIOD_AFTER_AS_OF",
                    "period " + value + " starts after asOf " + asOf);
        }
        if (period.days() > maxDays) {
            throw ProblemException.invalidField(field, "PERIOD_TOO_LONG",
                    "a period spans at most " + maxDays + " days; " + value + " is " + period.days());
        }
        return period;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    static YearMonth month(String field, String value) {
        YearMonth month;
        try {
            month = YearMonth.parse(value);
        } catch (DateTimeParseException | NullPointerException e) {
            throw ProblemException.invalidField(field, "INVALID_MONTH", field + " must be a month YYYY-MM: " + value);
        }
        if (month.atDay(1).isBefore(EARLIEST)) {
            throw ProblemException.invalidField(field, "INVALID_MONTH", field + " must not be before 1970-01: " + value);
        }
        return month;
    }

    /** null for "every scope". */
    static List<Scope> scopes(String value) {
        if (value == null || value.isBlank() || value.equals("all")) {
            return null;
        }
        try {
            return List.of(Scope.parse(value));
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalidField("scope", "INVALID_SCOPE", e.getMessage());
        }
    }

    /**
     * The KPIs asked for ({@code kpi=DSO_COUNTBACK,CEI}, in any case); null for all of them. A name that is no KPI is
     * refused: answered with the figures of the others, a misspelt one would just be missing.
     */
    static Set<String> kpis(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        Set<String> names = new LinkedHashSet<>();
        for (String name : value.split(",")) {
            String kpi = name.trim().toUpperCase(Locale.ROOT);
            if (kpi.isEmpty()) {
                continue;
            }
            if (!KpiCalculator.NAMES.contains(kpi)) {
                throw ProblemException.invalidField("kpi", "INVALID_KPI", "no KPI is called " + name.trim()
                        + "; the KPIs are " + String.join(", ", KpiCalculator.NAMES));
            }
            names.add(kpi);
        }
        return names.isEmpty() ? null : names;
    }

    static int limit(String value, int defaultValue, int max) {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= max) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidField("limit", "INVALID_LIMIT", "limit is a whole number from 1 to " + max);
    }

    /** CSV when {@code format=csv} or the client accepts text/csv (and not JSON first); JSON otherwise. */
    static boolean csv(String format, HttpHeaders headers) {
        if (format != null && !format.isBlank()) {
            return switch (format.toLowerCase(Locale.ROOT)) {
                case "csv" -> true;
                case "json" -> false;
                default -> throw ProblemException.invalidField("format", "INVALID_FORMAT", "format is json or csv: "
                        + format);
            };
        }
        if (headers == null || headers.getHeaderString(HttpHeaders.ACCEPT) == null) {
            return false;
        }
        // The client's most preferred type this service can answer decides (the list comes sorted by quality): CSV
        // for "text/html, text/csv" too, whose first type is neither, and for "TEXT/CSV" (types ignore case).
        for (MediaType type : headers.getAcceptableMediaTypes()) {
            if (type.isCompatible(MediaType.APPLICATION_JSON_TYPE)) {
                return false;
            }
            if (type.isCompatible(CSV)) {
                return true;
            }
        }
        return false;
    }
}
