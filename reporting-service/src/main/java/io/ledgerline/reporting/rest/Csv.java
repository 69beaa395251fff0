package io.ledgerline.reporting.rest;

import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/**
 * RFC 4180 CSV: a header line, then one line per row; a field with a comma, quote or line break is quoted, and text
 * that a spreadsheet would take for a formula starts with an apostrophe.
 */
final class Csv {

    static final String MEDIA_TYPE = "text/csv; charset=UTF-8";

    /**
     * The characters a spreadsheet program may read as the start of a formula or command (OWASP CSV injection): = + -
     * @, TAB and CR, LF, and their full-width forms (＝ ＋ － ＠), which some programs normalise to the ASCII ones.
     */
    private static final String FORMULA_STARTS = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";
    private final StringBuilder text = new StringBuilder();

    Csv(String... header) {
        line(List.of((Object[]) header));
    }

    Csv row(Object... fields) {
        line(java.util.Arrays.asList(fields));
        return this;
    }

    private void line(List<?> fields) {
        text.append(fields.stream().map(Csv::field).collect(Collectors.joining(","))).append("\r\n");
    }

    private static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = value instanceof BigDecimal d ? d.toPlainString() : value.toString();
        if (value instanceof String text && formula(text)) {
            // Text from upstream (a customer's name, a collector, a reason code) is never run as a formula: a leading
            // apostrophe makes a spreadsheet show it as text. Amounts are numbers, never text, so -5.00 stays one.
            s = "'" + text;
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /** Leading spaces do not hide a trigger: some programs trim them before deciding whether a cell is a formula. */
    private static boolean formula(String text) {
        String trimmed = text.stripLeading();
        return !text.isEmpty() && FORMULA_STARTS.indexOf(text.charAt(0)) >= 0
                || !trimmed.isEmpty() && FORMULA_STARTS.indexOf(trimmed.charAt(0)) >= 0;
    }

    Response response(String filename) {
        return Response.ok(text.toString(), MEDIA_TYPE)
                .header("Content-Disposition", "attachment; filename=\"" + safeFilename(filename) + "\"").build();
    }

    /** A customer id in a file name may hold '/' or ':', which no file system takes: each becomes '_'. */
    static String safeFilename(String filename) {
        return filename.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
