package io.ledgerline.receivables.rest;

import io.ledgerline.support.Identifiers;
import io.ledgerline.support.ProblemException;
import io.ledgerline.support.Problem;
import io.ledgerline.receivables.domain.Aging;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;

/** Reading and checking request parameters, each failure a 400 problem that names the parameter. */
final class Params {

    /** Business dates a request may name: anything outside is a typo or an attack, never a ledger date. */
    static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2999, 12, 31);
    /** A statement or any other period covers at most this many days (ten years). */
    static final int MAX_PERIOD_DAYS = 3660;
    /** Aging bucket limits: at most this many, each from 0 to this many days. */
    static final int MAX_BUCKETS = 12;
    static final int MAX_BUCKET_DAYS = 3660;

    private Params() {
    }

    static String identifier(String value, String name) {
        if (!Identifiers.valid(value)) {
            throw invalid(name, "INVALID_IDENTIFIER", name + " must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
        }
        return value;
    }

    static <T> T required(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw invalid(name, "MISSING_FIELD", name + " is required");
        }
        return value;
    }

    /** A field a request may no longer carry: who acts, and in which role, comes from the bearer token. */
    static void notAllowed(Object value, String name) {
        if (value != null) {
            throw invalid(name, "FIELD_NOT_ALLOWED", name + " is no longer accepted: the person and their roles come"
                    + " from the bearer token; leave " + name + " out");
        }
    }

    static LocalDate date(String value, String name, Clock clock) {
        if (value == null || value.isBlank()) {
            return LocalDate.now(clock);
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(name, "INVALID_DATE", name + " must be a date YYYY-MM-DD");
        }
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw invalid(name, "DATE_OUT_OF_RANGE", name + " must be from " + EARLIEST_DATE + " to " + LATEST_DATE);
        }
        return date;
    }

    /** A period from {@code start} to {@code end}: in order, and at most {@link #MAX_PERIOD_DAYS} long. */
    static void period(LocalDate start, LocalDate end, String startName) {
        if (start.isAfter(end)) {
            throw invalid(startName, "INVALID_DATE", startName + " " + start + " is after " + end);
        }
        if (java.time.temporal.ChronoUnit.DAYS.between(start, end) > MAX_PERIOD_DAYS) {
            throw invalid(startName, "PERIOD_TOO_LONG", "a period covers at most " + MAX_PERIOD_DAYS + " days");
        }
    }

    static Aging.Basis basis(String value) {
        if (value == null || value.isBlank()) {
            return Aging.Basis.DUE_DATE;
        }
        try {
            return Aging.Basis.valueOf(value);
        } catch (IllegalArgumentException e) {
            throw invalid("basis", "INVALID_FIELD", "basis must be one of " + Arrays.toString(Aging.Basis.values()));
        }
    }

    static Aging.Buckets buckets(String value, Aging.Buckets defaults) {
        if (value == null || value.isBlank()) {
            return defaults;
        }
        String[] parts = value.split(",", MAX_BUCKETS + 1);
        if (parts.length > MAX_BUCKETS) {
            throw invalid("buckets", "TOO_MANY_BUCKETS", "buckets takes at most " + MAX_BUCKETS + " day limits");
        }
        try {
            List<Integer> limits = Arrays.stream(parts).map(String::trim).map(Integer::parseInt).toList();
            if (limits.stream().anyMatch(days -> days < 0 || days > MAX_BUCKET_DAYS)) {
                throw invalid("buckets", "INVALID_FIELD", "each bucket limit is from 0 to " + MAX_BUCKET_DAYS + " days");
            }
            return new Aging.Buckets(limits);
        } catch (IllegalArgumentException e) {
            throw invalid("buckets", "INVALID_FIELD", "buckets must be ascending day limits such as 0,30,60,90,120");
        }
    }

    static int range(Integer value, int fallback, int min, int max, String name) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw invalid(name, "INVALID_FIELD", name + " must be from " + min + " to " + max);
        }
        return v;
    }

    /** An If-Match header with the account version the client last saw, or null when it sent none. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
            throw invalid("If-Match", "INVALID_FIELD", "If-Match must be the account version, e.g. \"7\"");
        }
    }

    static ProblemException invalid(String field, String code, String message) {
        return new ProblemException(Problem.invalidField(field, code, message));
    }
}
