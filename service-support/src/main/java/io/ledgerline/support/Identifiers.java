package io.ledgerline.support;

import java.util.regex.Pattern;

/**
 * The identifiers Ledgerline accepts in a path or a body (customer, invoice, order ids...): the ingest contract's
 * rule, so that whatever an upstream system may send, a front end may also name.
 */
public final class Identifiers {

    public static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");

    private Identifiers() {
    }

    public static boolean valid(String value) {
        return value != null && PATTERN.matcher(value).matches();
    }

    /** The value if it is an identifier, else 400 naming {@code field}: MISSING_FIELD or INVALID_IDENTIFIER. */
    public static String require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidField(field, "MISSING_FIELD", field + " is required");
        }
        if (!valid(value)) {
            throw ProblemException.invalidField(field, "INVALID_IDENTIFIER",
                    field + " must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
        }
        return value;
    }
}
