package io.ledgerline.collections.rest;

import io.ledgerline.support.ProblemException;

/** {@code If-Match: "7"}: the customer's stream version the caller last saw (the case's ETag). */
final class IfMatch {

    private IfMatch() {
    }

    static Long version(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.trim();
        if (value.startsWith("W/")) {
            value = value.substring(2);
        }
        value = value.replace("\"", "");
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidField("If-Match", "INVALID_VERSION",
                    "If-Match carries the version from the case's ETag, e.g. \"7\"");
        }
    }
}
