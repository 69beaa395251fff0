package io.ledgerline.receivables.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.EventJson;
import io.ledgerline.receivables.domain.RejectionCode;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Ingest records as a hostile or careless sender would write them: every limit of ingest-v1 broken in every field it
 * applies to (NUL and control characters, unpaired surrogates, 300-character ids, 1e999999999, 10^16, dates in 9999,
 * 1 MiB values, ...), each with the rejection code the contract promises. Every record is valid except for the one
 * thing it breaks, so the expected code is exact. Used by a pure decoder test and by the end-to-end hostile suite.
 * Each record is for a customer of its own ({@code <customer>-<n>}), so that the good ones among them (amounts up to
 * the limit) never add up to more than any one balance may hold.
 */
public final class HostileRecords {

    public static final String INVOICES = "ledgerline.ingest.invoices";
    public static final String PAYMENTS = "ledgerline.ingest.payments";
    public static final String CUSTOMERS = "ledgerline.ingest.customers";

    /**
     * One record to send. {@code expectedCode}: what reading it gives (null: it reads as a valid contract event);
     * {@code ledgerCode}: what the ledger then answers (null: accepted; a cancel or return of a document this suite
     * never sends is refused as unknown).
     */
    public record Case(String name, String topic, String key, byte[] value, List<IngestRecord.Header> headers,
                       String expectedCode, String ledgerCode) {

        /** The code it must end with on the rejected topic, or null when it must be in the ledger. */
        public String finalCode() {
            return expectedCode != null ? expectedCode : ledgerCode;
        }

        public IngestRecord asRecord() {
            return new IngestRecord(topic, 0, 0, key == null ? null : key.getBytes(StandardCharsets.UTF_8), value,
                    headers);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static final String[] CONTROL = {"\u0000", "\u0001", "\u0008", "\u000B", "\u001B", "\u001F", "\u007F"};
    private static final String[] LINE_BREAKS = {"\t", "\n", "\r"};

    private final String base;
    private final String prefix;
    /** The customer of the record being built. */
    private String customer;
    private final LocalDate today = LocalDate.now(ZoneOffset.UTC);
    private final List<Case> cases = new ArrayList<>();
    private int serial;

    private HostileRecords(String customer, String prefix) {
        this.base = customer;
        this.prefix = prefix;
        next();
    }

    /** Every bad record for {@code customer}, ids made unique with {@code prefix}. */
    public static List<Case> all(String customer, String prefix) {
        HostileRecords g = new HostileRecords(customer, prefix);
        g.texts();
        g.attributes();
        g.amounts();
        g.dates();
        g.identifiersAndShapes();
        g.sizes();
        return g.cases;
    }

    // ---- templates: valid records of each type ----

    ObjectNode invoice() {
        return json("""
                {"invoiceId": "%s", "customerId": "%s", "issueDate": "2026-10-01", "dueDate": "2026-10-31",
                 "currency": "EUR", "amount": "10.00", "purchaseOrder": "PO-1", "description": "freight"}""",
                id("INV"), customer);
    }

    ObjectNode creditNote() {
        return json("""
                {"creditNoteId": "%s", "customerId": "%s", "issueDate": "2026-10-12", "currency": "EUR",
                 "amount": "5.00", "reason": "damaged pallet"}""", id("CN"), customer);
    }

    ObjectNode payment() {
        return json("""
                {"paymentId": "%s", "customerId": "%s", "receivedDate": "2026-10-29", "currency": "EUR",
                 "amount": "10.00", "method": "SEPA", "reference": "thanks",
                 "allocations": [{"invoiceId": "INV-NONE", "amount": "1.00"}]}""", id("PAY"), customer);
    }

    ObjectNode cancel() {
        return json("""
                {"invoiceId": "%s", "customerId": "%s", "cancelledDate": "2026-10-03", "reason": "duplicate"}""",
                id("INV"), customer);
    }

    ObjectNode paymentReturn() {
        return json("""
                {"paymentId": "%s", "customerId": "%s", "returnedDate": "2026-11-02", "reasonCode": "AC04",
                 "reason": "account closed"}""", id("PAY"), customer);
    }

    ObjectNode customerUpdate() {
        return json("""
                {"customerId": "%s", "name": "Nordwind Logistik GmbH", "countryCode": "DE", "paymentTermsDays": 30,
                 "contacts": [{"name": "Ana Ruiz", "email": "ap@nordwind.example", "phone": "+49 30 1", "role": "AP"}]}""",
                customer);
    }

    private record Template(String type, String topic, java.util.function.Supplier<ObjectNode> make) {
    }

    private List<Template> templates() {
        return List.of(new Template("InvoiceIssued", INVOICES, this::invoice),
                new Template("CreditNoteIssued", INVOICES, this::creditNote),
                new Template("InvoiceCancelled", INVOICES, this::cancel),
                new Template("PaymentReceived", PAYMENTS, this::payment),
                new Template("PaymentReturned", PAYMENTS, this::paymentReturn),
                new Template("CustomerUpdated", CUSTOMERS, this::customerUpdate));
    }

    private Template template(String type) {
        return templates().stream().filter(t -> t.type().equals(type)).findFirst().orElseThrow();
    }

    // ---- the limits ----

    /** Text fields: control characters, unpaired surrogates, length; tab, LF and CR only in description and reason. */
    private void texts() {
        String[][] fields = {{"InvoiceIssued", "purchaseOrder", "1000"}, {"InvoiceIssued", "description", "1000"},
                {"CreditNoteIssued", "reason", "1000"}, {"InvoiceCancelled", "reason", "1000"},
                {"PaymentReceived", "reference", "1000"}, {"PaymentReturned", "reasonCode", "1000"},
                {"PaymentReturned", "reason", "1000"}, {"CustomerUpdated", "name", "1000"},
                {"CustomerUpdated", "contacts/name", "256"}, {"CustomerUpdated", "contacts/email", "256"},
                {"CustomerUpdated", "contacts/phone", "256"}, {"CustomerUpdated", "contacts/role", "256"}};
        for (String[] f : fields) {
            Template t = template(f[0]);
            boolean lineBreaksAllowed = f[1].equals("description") || f[1].equals("reason");
            for (String c : CONTROL) {
                add(f[0] + "." + f[1] + " with U+" + String.format("%04X", (int) c.charAt(0)), t,
                        data -> setText(data, f[1], "a" + c + "b"), RejectionCode.INVALID_CHARACTER);
            }
            for (String c : LINE_BREAKS) {
                add(f[0] + "." + f[1] + " with U+" + String.format("%04X", (int) c.charAt(0)), t,
                        data -> setText(data, f[1], "line" + c + "next"),
                        lineBreaksAllowed ? null : RejectionCode.INVALID_CHARACTER);
            }
            add(f[0] + "." + f[1] + " with an unpaired surrogate", t, data -> setRaw(data, f[1], "\"x\\ud800y\""),
                    RejectionCode.INVALID_CHARACTER);
            int max = Integer.parseInt(f[2]);
            add(f[0] + "." + f[1] + " of " + (max + 1) + " characters", t, data -> setText(data, f[1], "x".repeat(max + 1)),
                    RejectionCode.TEXT_TOO_LONG);
            add(f[0] + "." + f[1] + " of " + max + " characters", t, data -> setText(data, f[1], "é".repeat(max)), null);
        }
        // Optional since 2026-12-01: absent is fine.
        add("PaymentReceived without reference and allocations", template("PaymentReceived"), data -> {
            data.remove("reference");
            data.remove("allocations");
        }, null);
        add("InvoiceCancelled without reason", template("InvoiceCancelled"), data -> data.remove("reason"), null);
        add("PaymentReturned without reason", template("PaymentReturned"), data -> data.remove("reason"), null);
        add("CreditNoteIssued without reason", template("CreditNoteIssued"), data -> data.remove("reason"), null);
    }

    /** CloudEvents id and source: 1 to 256 characters, no control characters; in both modes. */
    private void attributes() {
        Template t = template("InvoiceIssued");
        for (String attribute : new String[]{"id", "source"}) {
            for (boolean structured : new boolean[]{false, true}) {
                String mode = structured ? "structured" : "binary";
                envelopeCase(attribute + " of 257 characters (" + mode + ")", t, attribute, "i".repeat(257), structured,
                        RejectionCode.INVALID_ATTRIBUTE);
                envelopeCase(attribute + " of 256 characters (" + mode + ")", t, attribute, "i".repeat(256), structured,
                        null);
                for (String c : new String[]{"\u0000", "\n", "\u001B", "\u007F"}) {
                    envelopeCase(attribute + " with U+" + String.format("%04X", (int) c.charAt(0)) + " (" + mode + ")",
                            t, attribute, "a" + c + "b", structured, RejectionCode.INVALID_ATTRIBUTE);
                }
            }
        }
    }

    /** Money: at most 15 digits before the point; exponent forms only when they give such an amount. */
    private void amounts() {
        String[][] values = {
                {"1e999999999", RejectionCode.INVALID_AMOUNT}, {"-1e999999999", RejectionCode.INVALID_AMOUNT},
                {"1e-999999999", RejectionCode.TOO_MANY_DECIMALS}, {"1e16", RejectionCode.INVALID_AMOUNT},
                {"1E15", RejectionCode.INVALID_AMOUNT}, {"1234567890123456", RejectionCode.INVALID_AMOUNT},
                {"1234567890123456.00", RejectionCode.INVALID_AMOUNT}, {"\"10000000000000000\"", RejectionCode.INVALID_AMOUNT},
                {"\"1234567890123456.78\"", RejectionCode.INVALID_AMOUNT}, {"\"1E+3\"", RejectionCode.INVALID_AMOUNT},
                {"\"0.00\"", RejectionCode.INVALID_AMOUNT}, {"\"" + "9".repeat(70) + "\"", RejectionCode.INVALID_AMOUNT},
                {"123456789012345.67", null}, {"\"999999999999999.99\"", null}, {"1.5e2", null}};
        String[][] fields = {{"InvoiceIssued", "amount"}, {"CreditNoteIssued", "amount"},
                {"PaymentReceived", "amount"}, {"PaymentReceived", "allocations/amount"}};
        for (String[] f : fields) {
            for (String[] v : values) {
                // An allocation may not exceed its payment: the payment's own amount is raised for good allocations.
                boolean allocation = f[1].startsWith("allocations");
                add(f[0] + "." + f[1] + " = " + abbreviated(v[0]), template(f[0]), data -> {
                    setRaw(data, f[1], v[0]);
                    if (allocation) {
                        data.put("amount", "999999999999999.99");
                    }
                }, v[1]);
            }
        }
        add("paymentTermsDays = 2^64+1", template("CustomerUpdated"),
                data -> setRaw(data, "paymentTermsDays", "18446744073709551617"), RejectionCode.INVALID_FIELD);
    }

    /** Dates: 1970-01-01 to 2199-12-31; document dates at most 31 days ahead; dueDate within 10 years. */
    private void dates() {
        String[][] fields = {{"InvoiceIssued", "issueDate"}, {"InvoiceIssued", "dueDate"},
                {"CreditNoteIssued", "issueDate"}, {"InvoiceCancelled", "cancelledDate"},
                {"PaymentReceived", "receivedDate"}, {"PaymentReturned", "returnedDate"}};
        for (String[] f : fields) {
            boolean due = f[1].equals("dueDate");
            add(f[0] + "." + f[1] + " in 9999", template(f[0]), data -> data.put(f[1], "9999-12-31"),
                    RejectionCode.DATE_OUT_OF_RANGE);
            add(f[0] + "." + f[1] + " in 2200", template(f[0]), data -> data.put(f[1], "2200-01-01"),
                    RejectionCode.DATE_OUT_OF_RANGE);
            add(f[0] + "." + f[1] + " in 1969", template(f[0]), data -> data.put(f[1], "1969-12-31"),
                    due ? RejectionCode.DATE_OUT_OF_RANGE : RejectionCode.DATE_OUT_OF_RANGE);
            add(f[0] + "." + f[1] + " on 30 February", template(f[0]), data -> data.put(f[1], "2026-02-30"),
                    RejectionCode.INVALID_DATE);
            add(f[0] + "." + f[1] + " as a number", template(f[0]), data -> data.put(f[1], 20261001),
                    RejectionCode.INVALID_DATE);
            if (!due) {
                add(f[0] + "." + f[1] + " 40 days ahead", template(f[0]), data -> {
                    data.put(f[1], today.plusDays(40).toString());
                    if (data.has("dueDate")) {
                        data.put("dueDate", today.plusDays(70).toString());
                    }
                }, RejectionCode.DATE_IN_FUTURE);
            }
        }
        add("InvoiceIssued.dueDate 10 years and a day after issue", template("InvoiceIssued"),
                data -> data.put("dueDate", "2036-10-02"), RejectionCode.DUE_DATE_TOO_FAR);
        add("InvoiceIssued.dueDate exactly 10 years after issue", template("InvoiceIssued"),
                data -> data.put("dueDate", "2036-10-01"), null);
    }

    private void identifiersAndShapes() {
        String[][] ids = {{"InvoiceIssued", "invoiceId"}, {"CreditNoteIssued", "creditNoteId"},
                {"PaymentReceived", "paymentId"}, {"PaymentReceived", "allocations/invoiceId"},
                {"InvoiceCancelled", "invoiceId"}, {"PaymentReturned", "paymentId"}};
        for (String[] f : ids) {
            add(f[0] + "." + f[1] + " of 300 characters", template(f[0]), data -> setText(data, f[1], "I".repeat(300)),
                    RejectionCode.INVALID_IDENTIFIER);
            add(f[0] + "." + f[1] + " with NUL", template(f[0]), data -> setText(data, f[1], "INV\u0000"),
                    RejectionCode.INVALID_IDENTIFIER);
        }
        add("1,001 allocations", template("PaymentReceived"), data -> {
            ArrayNode lines = data.putArray("allocations");
            for (int n = 0; n <= 1000; n++) {
                lines.addObject().put("invoiceId", "INV-" + n).put("amount", "0.01");
            }
        }, RejectionCode.TOO_MANY_ALLOCATIONS);
        add("1,000 allocations", template("PaymentReceived"), data -> {
            ArrayNode lines = data.putArray("allocations");
            for (int n = 0; n < 1000; n++) {
                lines.addObject().put("invoiceId", "INV-" + n).put("amount", "0.01");
            }
        }, null);
        Template t = template("InvoiceIssued");
        rawCase("JSON nested 5,000 deep", t, "[".repeat(5000) + "]".repeat(5000), RejectionCode.MALFORMED_JSON);
        rawCase("a number of 2,000 digits", t, "{\"amount\": " + "9".repeat(2000) + "}", RejectionCode.MALFORMED_JSON);
        rawCase("NUL bytes that are no JSON", t, "\u0000\u0000\u0000", RejectionCode.MALFORMED_JSON);
        rawCase("invalid UTF-8", t, new String(new byte[]{(byte) 0xC3, (byte) 0x28}, StandardCharsets.ISO_8859_1),
                RejectionCode.MALFORMED_JSON);
    }

    /** Sizes: a value of 1 MiB less the record's overhead (VALUE_TOO_LARGE, forwarded truncated); a 100 KiB header. */
    private void sizes() {
        Template t = template("InvoiceIssued");
        String pad = "x".repeat(1_000_000);
        add("a value of about 1 MB", t, data -> data.put("padding", pad), RejectionCode.VALUE_TOO_LARGE);
        String id = "big-header-" + prefix + "-" + (++serial);
        List<IngestRecord.Header> headers = binaryHeaders("InvoiceIssued", id, "erp-eu-1");
        headers.add(new IngestRecord.Header("x-junk", "j".repeat(100_000).getBytes(StandardCharsets.UTF_8)));
        cases.add(new Case("a 100 KB header on a bad record", INVOICES, customer, utf8("{not json"), headers,
                RejectionCode.MALFORMED_JSON, null));
        next();
    }

    // ---- building ----

    /** The next record gets a customer of its own. */
    private void next() {
        customer = base + "-" + (cases.size() + 1);
    }

    private void add(String name, Template t, Consumer<ObjectNode> change, String expected) {
        ObjectNode data = t.make().get();
        change.accept(data);
        String json = EventJson.mapper().valueToTree(data).toString();
        String id = "hostile-" + prefix + "-" + (++serial);
        cases.add(new Case(name, t.topic(), customer, utf8(unraw(json)), binaryHeaders(t.type(), id, "erp-eu-1"),
                expected, ledgerCode(t)));
        next();
    }

    private void rawCase(String name, Template t, String value, String expected) {
        String id = "hostile-" + prefix + "-" + (++serial);
        cases.add(new Case(name, t.topic(), customer, value.getBytes(StandardCharsets.ISO_8859_1),
                binaryHeaders(t.type(), id, "erp-eu-1"), expected, ledgerCode(t)));
        next();
    }

    private void envelopeCase(String name, Template t, String attribute, String value, boolean structured,
                              String expected) {
        String id = attribute.equals("id") ? value : "hostile-" + prefix + "-" + (++serial);
        String source = attribute.equals("source") ? value : "erp-eu-1";
        if (attribute.equals("source") && expected == null) {
            // A valid long source: its ids must still be unique per run.
            id = "hostile-" + prefix + "-" + (++serial);
        } else if (attribute.equals("id") && expected == null) {
            id = (prefix + "-" + (++serial) + "-").concat("i".repeat(256)).substring(0, 256);
        }
        ObjectNode data = t.make().get();
        if (!structured) {
            cases.add(new Case(name, t.topic(), customer, utf8(data.toString()), binaryHeaders(t.type(), id, source),
                    expected, ledgerCode(t)));
            next();
            return;
        }
        ObjectNode event = EventJson.mapper().createObjectNode().put("specversion", "1.0").put("id", id)
                .put("source", source).put("type", "io.ledgerline.ingest." + t.type() + ".v1");
        event.set("data", data);
        List<IngestRecord.Header> headers = new ArrayList<>();
        headers.add(header("content-type", "application/cloudevents+json"));
        cases.add(new Case(name, t.topic(), customer, utf8(event.toString()), headers, expected, ledgerCode(t)));
        next();
    }

    private static List<IngestRecord.Header> binaryHeaders(String type, String id, String source) {
        List<IngestRecord.Header> headers = new ArrayList<>();
        headers.add(header("ce_specversion", "1.0"));
        headers.add(header("ce_id", id));
        headers.add(header("ce_source", source));
        headers.add(header("ce_type", "io.ledgerline.ingest." + type + ".v1"));
        headers.add(header("content-type", "application/json"));
        return headers;
    }

    /** This suite never sends the invoice or payment a cancel or return names. */
    private static String ledgerCode(Template t) {
        return switch (t.type()) {
            case "InvoiceCancelled" -> RejectionCode.UNKNOWN_INVOICE;
            case "PaymentReturned" -> RejectionCode.UNKNOWN_PAYMENT;
            default -> null;
        };
    }

    private static IngestRecord.Header header(String name, String value) {
        return new IngestRecord.Header(name, utf8(value));
    }

    private String id(String kind) {
        return kind + "-" + prefix + "-" + (serial + 1) + "-" + cases.size();
    }

    private static ObjectNode json(String template, Object... args) {
        return (ObjectNode) EventJson.readTree(template.formatted(args));
    }

    /** {@code path} is a field, or "array/field" for the first element of an array of objects. */
    private static ObjectNode target(ObjectNode data, String path) {
        int slash = path.indexOf('/');
        return slash < 0 ? data : (ObjectNode) data.get(path.substring(0, slash)).get(0);
    }

    private static String leaf(String path) {
        return path.substring(path.indexOf('/') + 1);
    }

    private static void setText(ObjectNode data, String path, String text) {
        target(data, path).put(leaf(path), text);
    }

    private static final String RAW = "\u0001RAW\u0001";

    /** A JSON value written as is (numbers Jackson would normalise, like 1e999999999). */
    private static void setRaw(ObjectNode data, String path, String raw) {
        target(data, path).put(leaf(path), RAW + raw + RAW);
    }

    private static String unraw(String json) {
        String marker = "\"\\u0001RAW\\u0001";
        int at;
        while ((at = json.indexOf(marker)) >= 0) {
            int end = json.indexOf("\\u0001RAW\\u0001\"", at + marker.length());
            // The raw text as it was given, undoing the JSON string escaping of the text node that carried it.
            String raw = EventJson.read("\"" + json.substring(at + marker.length(), end) + "\"", String.class);
            json = json.substring(0, at) + raw + json.substring(end + "\\u0001RAW\\u0001\"".length());
        }
        return json;
    }

    private static String abbreviated(String text) {
        return text.length() <= 24 ? text : text.substring(0, 21) + "...";
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
