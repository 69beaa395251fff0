package io.ledgerline.disputes.rest;

import io.ledgerline.support.Identifiers;
import io.ledgerline.support.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading and checking request parameters; each failure a 400 problem that names the parameter. */
final class Params {

    /** Business dates a request may name: anything outside is a typo or an attack, never a date of a case. */
    static final LocalDate EARLIEST_DATE = LocalDate.of(1900, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2999, 12, 31);

    private Params() {
    }

    static String identifier(String value, String name) {
        required(value, name);
        if (!Identifiers.valid(value)) {
            throw ProblemException.invalidField(name, "INVALID_IDENTIFIER",
                    name + " must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
        }
        return value;
    }

    static String optionalIdentifier(String value, String name) {
        return value == null || value.isBlank() ? null : identifier(value, name);
    }

    static <T> T required(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw ProblemException.invalidField(name, "MISSING_FIELD", name + " is required");
        }
        return value;
    }

    static String text(String value, String name, int max) {
        String text = required(value, name);
        if (text.length() > max) {
            throw ProblemException.invalidField(name, "TOO_LONG", name + " is longer than " + max + " characters");
        }
        return text;
    }

    static String optionalText(String value, String name, int max) {
        return value == null || value.isBlank() ? null : text(value, name, max);
    }

    static LocalDate date(String value, String name, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        LocalDate date;
        try {
            date = LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "INVALID_DATE", name + " must be a date YYYY-MM-DD");
        }
        // LocalDate reads years up to ±999999999; PostgreSQL's dates end long before (a 500, not an answer).
        if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
            throw ProblemException.invalidField(name, "DATE_OUT_OF_RANGE", name + " must be from " + EARLIEST_DATE
                    + " to " + LATEST_DATE);
        }
        return date;
    }

    static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }

    /**
     * A whole number from {@code min} to {@code max}, {@code fallback} when absent. Read from the text here: a query
     * parameter JAX-RS cannot convert is answered 404, as if the resource did not exist.
     */
    static int range(String value, int fallback, int min, int max, String name) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int v;
        try {
            v = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            v = Integer.MIN_VALUE; // no whole number at all: outside every range
        }
        if (v < min || v > max) {
            throw ProblemException.invalidField(name, "INVALID_FIELD", name + " must be a whole number from " + min
                    + " to " + max);
        }
        return v;
    }

    /** Who acts comes from the bearer token: a body that names {@code by} is refused, never silently ignored. */
    static void notAllowed(Object value, String name) {
        if (value != null) {
            throw ProblemException.invalidField(name, "FIELD_NOT_ALLOWED", name + " is not accepted: the person and"
                    + " their roles come from the bearer token; leave " + name + " out");
        }
    }

    /**
     * An If-Match header with the case version the client last saw, or null when it sent none or "*" (RFC 9110: any
     * version of a case that exists; one that does not is 404 anyway).
     */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank() || ifMatch.trim().equals("*")) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "INVALID_FIELD", "If-Match must be the case version, e.g. \"3\"");
        }
    }
}
