package io.ledgerline.credit.rest;

import io.ledgerline.support.Identifiers;
import io.ledgerline.credit.domain.Money;
import io.ledgerline.support.FreeText;
import io.ledgerline.support.Problem;
import io.ledgerline.support.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading and checking request fields and parameters, each failure a 400 problem that names the field. */
final class Params {


    private Params() {
    }

    static String identifier(String value, String name) {
        if (value == null || value.isBlank()) {
            throw invalid(name, "MISSING_FIELD", name + " is required");
        }
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

    /** The longest free text (a reason, a note) accepted: the ingest contract's limit for text fields. */
    static final int MAX_TEXT = 1_000;

    /** Required free text of at most {@value #MAX_TEXT} characters. */
    static String text(String value, String name) {
        return optionalText(required(value, name), name);
    }

    /**
     * Free text of at most {@value #MAX_TEXT} characters, or null. A longer one is refused: it would travel in every
     * event and message that records it (a body may be megabytes).
     */
    static String optionalText(String value, String name) {
        return FreeText.check(value, name, MAX_TEXT);
    }

    /** Who acts comes from the bearer token: a body that names {@code by} is refused, never silently ignored. */
    static void notAllowed(Object value, String name) {
        if (value != null) {
            throw invalid(name, "FIELD_NOT_ALLOWED", name + " is not accepted: the person and their roles come from the"
                    + " bearer token; leave " + name + " out");
        }
    }

    static String currency(String value, String name) {
        required(value, name);
        if (!Money.isCurrency(value)) {
            throw invalid(name, "INVALID_CURRENCY", name + " must be an ISO 4217 currency code such as EUR");
        }
        return value;
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
        return inRange(date, name);
    }

    /** An as-of date for a time-driven run: today by default, never after today. */
    static LocalDate notAfterToday(String value, String name, Clock clock) {
        LocalDate date = date(value, name, clock);
        LocalDate today = LocalDate.now(clock);
        if (date.isAfter(today)) {
            throw invalid(name, "DATE_IN_THE_FUTURE", name + " must not be after today (" + today + ")");
        }
        return date;
    }

    /** The business dates accepted, the ingest contract's (ingest-v1.md: 1970-01-01 to 2199-12-31). */
    static final LocalDate FIRST_DATE = LocalDate.of(1970, 1, 1);
    static final LocalDate LAST_DATE = LocalDate.of(2199, 12, 31);

    /**
     * An optional date, null or within {@link #FIRST_DATE} to {@link #LAST_DATE}: a limit from the year 999999999 is a
     * typo, and a what-if to the year -999999999 has no year before it to start from (it was a 500).
     */
    static LocalDate inRange(LocalDate value, String name) {
        if (value != null && (value.isBefore(FIRST_DATE) || value.isAfter(LAST_DATE))) {
            throw invalid(name, "DATE_OUT_OF_RANGE", name + " must be from " + FIRST_DATE + " to " + LAST_DATE);
        }
        return value;
    }

    /**
     * A whole-number query parameter, read here rather than by the framework: a parameter the framework cannot convert
     * (page=abc) would be answered 404 "no such resource", naming nothing.
     */
    static int range(String value, int fallback, int min, int max, String name) {
        int v;
        try {
            v = value == null || value.isBlank() ? fallback : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw invalid(name, "INVALID_FIELD", name + " must be a whole number from " + min + " to " + max);
        }
        if (v < min || v > max) {
            throw invalid(name, "INVALID_FIELD", name + " must be from " + min + " to " + max);
        }
        return v;
    }

    static ProblemException invalid(String field, String code, String message) {
        return new ProblemException(Problem.invalidField(field, code, message));
    }
}
