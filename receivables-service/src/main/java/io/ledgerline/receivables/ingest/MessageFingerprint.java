package io.ledgerline.receivables.ingest;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;

/**
 * A digest of a record's CloudEvents {@code type} and {@code data} as JSON values: the same in binary and in structured
 * mode, whatever the key order or white space, and for {@code 1250.0} and {@code 1250.00} alike (equal numbers), so
 * the inbox can tell a repeat of a message (same fingerprint) from a conflicting one under the same (source, id).
 * <p>
 * Numbers are written as their unscaled digits and exponent after dropping trailing zeros, never expanded: a
 * {@code 1e999999999} in an unknown field costs what its text costs.
 */
final class MessageFingerprint {

    private MessageFingerprint() {
    }

    static String of(String type, JsonNode data) {
        MessageDigest digest = sha256();
        StringBuilder canonical = new StringBuilder(256);
        canonical.append("type:").append(type.length()).append(':').append(type).append('\n');
        write(data, canonical);
        digest.update(canonical.toString().getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void write(JsonNode node, StringBuilder out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                names.sort(null);
                out.append('{');
                for (String name : names) {
                    string(name, out);
                    out.append(':');
                    write(node.get(name), out);
                    out.append(',');
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (Iterator<JsonNode> items = node.elements(); items.hasNext(); ) {
                    write(items.next(), out);
                    out.append(',');
                }
                out.append(']');
            }
            case STRING -> string(node.textValue(), out);
            case NUMBER -> {
                BigDecimal number = node.decimalValue();
                BigDecimal stripped;
                try {
                    stripped = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
                } catch (ArithmeticException scaleAtItsLimit) {
                    stripped = number;
                }
                out.append('n').append(stripped.unscaledValue()).append('e').append(-(long) stripped.scale());
            }
            case BOOLEAN -> out.append(node.booleanValue());
            case NULL, MISSING -> out.append("null");
            default -> out.append('?').append(node.getNodeType());
        }
    }

    /** Length-prefixed, so no content can imitate the structure around it. */
    private static void string(String text, StringBuilder out) {
        out.append('s').append(text.length()).append(':').append(text);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
