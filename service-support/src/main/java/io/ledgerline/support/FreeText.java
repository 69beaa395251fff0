package io.ledgerline.support;

/**
 * Free text a person types (a reason, a note, a contact's name) as the ingest contract has it for text fields: bounded,
 * and without control characters other than tab and line breaks; a NUL in particular cannot be stored in
 * PostgreSQL's JSON.
 */
public final class FreeText {

    private FreeText() {
    }

    /**
     * The value, or null when null (the caller says which fields are required); 400 naming {@code field} when it is
     * longer than {@code max} characters ({@code TOO_LONG}) or holds a control character ({@code INVALID_CHARACTER}).
     */
    public static String check(String value, String field, int max) {
        if (value == null) {
            return null;
        }
        if (value.length() > max) {
            throw ProblemException.invalidField(field, "TOO_LONG", field + " has " + value.length()
                    + " characters; at most " + max + " are accepted");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                throw ProblemException.invalidField(field, "INVALID_CHARACTER", field + " holds a control character"
                        + " (U+" + String.format("%04X", (int) c) + ") at position " + i);
            }
        }
        return value;
    }
}
