package io.ledgerline.disputes.rest;

import io.ledgerline.support.Identifiers;
import io.ledgerline.support.ProblemException;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Reading and checking request parameters; each failure a 400 problem that names the parameter. */
final class Params {


    private Params() {
    }

    static String identifier(String value, String name) {
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
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidField(name, "INVALID_DATE", name + " must be a date YYYY-MM-DD");
        }
    }

    static LocalDate today(Clock clock) {
        return LocalDate.now(clock);
    }

    static int range(Integer value, int fallback, int min, int max, String name) {
        int v = value == null ? fallback : value;
        if (v < min || v > max) {
            throw ProblemException.invalidField(name, "INVALID_FIELD", name + " must be from " + min + " to " + max);
        }
        return v;
    }

    /** An If-Match header with the case version the client last saw, or null when it sent none. */
    static Long version(String ifMatch) {
        if (ifMatch == null || ifMatch.isBlank()) {
            return null;
        }
        try {
            return Long.parseLong(ifMatch.replace("W/", "").replace("\"", "").trim());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "INVALID_FIELD", "If-Match must be the case version, e.g. \"3\"");
        }
    }
}
