package io.ledgerline.reporting.rest;

import jakarta.ws.rs.core.Response;

import java.math.BigDecimal;
import java.util.List;
import java.util.stream.Collectors;

/** RFC 4180 CSV: a header line, then one line per row; a field with a comma, quote or line break is quoted. */
final class Csv {

    static final String MEDIA_TYPE = "text/csv; charset=UTF-8";
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
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
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
