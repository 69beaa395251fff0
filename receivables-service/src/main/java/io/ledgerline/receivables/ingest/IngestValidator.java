package io.ledgerline.receivables.ingest;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ledgerline.events.common.AmountLimit;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.receivables.domain.Currencies;
import io.ledgerline.receivables.domain.Rejection;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import static io.ledgerline.receivables.domain.RejectionCode.ALLOCATIONS_EXCEED_AMOUNT;
import static io.ledgerline.receivables.domain.RejectionCode.DATE_IN_FUTURE;
import static io.ledgerline.receivables.domain.RejectionCode.DATE_OUT_OF_RANGE;
import static io.ledgerline.receivables.domain.RejectionCode.DUE_DATE_TOO_FAR;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_CHARACTER;
import static io.ledgerline.receivables.domain.RejectionCode.TEXT_TOO_LONG;
import static io.ledgerline.receivables.domain.RejectionCode.TOO_MANY_ALLOCATIONS;
import static io.ledgerline.receivables.domain.RejectionCode.DUE_DATE_BEFORE_ISSUE_DATE;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_AMOUNT;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_COUNTRY;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_CURRENCY;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_DATE;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_FIELD;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_IDENTIFIER;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_PAYMENT_METHOD;
import static io.ledgerline.receivables.domain.RejectionCode.INVALID_TIME_ZONE;
import static io.ledgerline.receivables.domain.RejectionCode.MISSING_FIELD;
import static io.ledgerline.receivables.domain.RejectionCode.TOO_MANY_DECIMALS;

/**
 * Validates the {@code data} of an ingest event exactly as ingest-v1 says, field by field, and builds the contract
 * record with amounts at their currency's scale. The first problem found is reported, naming its field. A field is
 * optional only where the contract says so; the JSON Schemas in shared-events say the same, and a test holds the two
 * together on the contract's own examples.
 * <p>
 * The contract's Limits (clarified 2026-12-01) are checked here too, because a value outside them is not only wrong
 * but dangerous further on: a NUL character cannot be stored in PostgreSQL's jsonb, an amount of 10^999999999 cannot be
 * scaled, a date in 9999 would freeze delinquency. Everything below is bounded: no check materialises a number or a
 * text larger than the record itself, and no exception other than the rejection leaves this class.
 */
final class IngestValidator {

    /** ingest-v1 Limits. */
    static final int MAX_TEXT = 1000;
    static final int MAX_CONTACT_TEXT = 256;
    static final int MAX_INTEGER_DIGITS = AmountLimit.MAX_INTEGER_DIGITS;
    static final int MAX_ALLOCATIONS = 1000;
    static final LocalDate EARLIEST_DATE = LocalDate.of(1970, 1, 1);
    static final LocalDate LATEST_DATE = LocalDate.of(2199, 12, 31);
    /** How far after the business date a document may be dated. */
    static final int FUTURE_DAYS = 31;
    static final int MAX_DUE_YEARS = 10;
    /** Longer amount strings cannot be within the limits (15 digits, a point, a few decimals); not worth parsing. */
    private static final int MAX_AMOUNT_TEXT = 64;

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CALENDAR_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private IngestValidator() {
    }

    /**
     * {@code businessDate} is Ledgerline's "today": issue, received, cancelled and returned dates more than
     * {@value #FUTURE_DAYS} days after it are refused.
     */
    static IngestDecoding validate(String eventName, ObjectNode data, LocalDate businessDate) {
        try {
            Fields f = new Fields(data, "", businessDate.plusDays(FUTURE_DAYS));
            IngestEvent event = switch (eventName) {
                case "CustomerUpdated" -> customerUpdated(f);
                case "InvoiceIssued" -> invoiceIssued(f);
                case "InvoiceCancelled" -> invoiceCancelled(f);
                case "CreditNoteIssued" -> creditNoteIssued(f);
                case "PaymentReceived" -> paymentReceived(f);
                case "PaymentReturned" -> paymentReturned(f);
                default -> throw new IllegalArgumentException("no validator for " + eventName);
            };
            return new IngestDecoding.Decoded(null, eventName, event, null);
        } catch (Invalid e) {
            return new IngestDecoding.Invalid(e.rejection);
        }
    }

    private static IngestEvent customerUpdated(Fields f) {
        String currency = f.optionalCurrency("currency");
        Integer terms = f.optionalInt("paymentTermsDays", 0, 3650);
        return new IngestEvent.CustomerUpdated(f.identifier("customerId"), f.text("name"), f.country("countryCode"),
                f.optionalTimeZone("timeZone"), terms, currency, f.contacts("contacts"));
    }

    private static IngestEvent invoiceIssued(Fields f) {
        String invoiceId = f.identifier("invoiceId");
        String customerId = f.identifier("customerId");
        LocalDate issued = f.documentDate("issueDate");
        LocalDate due = f.date("dueDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        if (due.isBefore(issued)) {
            throw new Invalid(DUE_DATE_BEFORE_ISSUE_DATE, "dueDate", "dueDate " + due + " is before issueDate " + issued);
        }
        if (due.isAfter(issued.plusYears(MAX_DUE_YEARS))) {
            throw new Invalid(DUE_DATE_TOO_FAR, "dueDate", "dueDate " + due + " is more than " + MAX_DUE_YEARS
                    + " years after issueDate " + issued);
        }
        return new IngestEvent.InvoiceIssued(invoiceId, customerId, issued, due, currency, amount,
                f.optionalText("purchaseOrder"), f.optionalLongText("description"));
    }

    private static IngestEvent invoiceCancelled(Fields f) {
        return new IngestEvent.InvoiceCancelled(f.identifier("invoiceId"), f.identifier("customerId"),
                f.documentDate("cancelledDate"), f.optionalLongText("reason"));
    }

    private static IngestEvent creditNoteIssued(Fields f) {
        String creditNoteId = f.identifier("creditNoteId");
        String customerId = f.identifier("customerId");
        LocalDate issued = f.documentDate("issueDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        return new IngestEvent.CreditNoteIssued(creditNoteId, customerId, issued, currency, amount,
                f.optionalIdentifier("invoiceId"), f.optionalLongText("reason"));
    }

    private static IngestEvent paymentReceived(Fields f) {
        String paymentId = f.identifier("paymentId");
        String customerId = f.identifier("customerId");
        LocalDate received = f.documentDate("receivedDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        PaymentMethod method = f.method("method");
        // Optional (clarified 2026-12-01): bank transfers and cheques often carry no reference.
        String reference = f.optionalText("reference");
        List<PaymentAllocation> allocations = f.allocations("allocations", currency);
        if (allocations != null) {
            BigDecimal allocated = allocations.stream().map(PaymentAllocation::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
            if (allocated.compareTo(amount) > 0) {
                throw new Invalid(ALLOCATIONS_EXCEED_AMOUNT, "allocations", "the allocations add up to " + allocated
                        + " " + currency + ", more than the payment's " + amount);
            }
        }
        return new IngestEvent.PaymentReceived(paymentId, customerId, received, currency, amount, method, reference,
                allocations);
    }

    private static IngestEvent paymentReturned(Fields f) {
        return new IngestEvent.PaymentReturned(f.identifier("paymentId"), f.identifier("customerId"),
                f.documentDate("returnedDate"), f.text("reasonCode"), f.optionalLongText("reason"));
    }

    /**
     * Reads fields of one JSON object; {@code path} prefixes field names in errors (e.g. "allocations[1].");
     * {@code latestDocumentDate} is the latest issue, received, cancelled or returned date accepted.
     */
    private record Fields(ObjectNode node, String path, LocalDate latestDocumentDate) {

        JsonNode required(String name) {
            JsonNode value = node.get(name);
            if (value == null || value.isNull()) {
                throw new Invalid(MISSING_FIELD, path + name, path + name + " is required");
            }
            return value;
        }

        boolean present(String name) {
            JsonNode value = node.get(name);
            return value != null && !value.isNull();
        }

        /** A short text for people: at most {@value #MAX_TEXT} characters, no control characters at all. */
        String text(String name) {
            return text(name, MAX_TEXT, false);
        }

        String optionalText(String name) {
            return present(name) ? text(name) : null;
        }

        /** Description and reason: tab, line feed and carriage return are allowed too. */
        String optionalLongText(String name) {
            return present(name) ? text(name, MAX_TEXT, true) : null;
        }

        String text(String name, int maxLength, boolean lineBreaks) {
            JsonNode value = required(name);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new Invalid(INVALID_FIELD, path + name, path + name + " must be a non-empty string");
            }
            String text = value.asText();
            if (text.length() > maxLength) {
                throw new Invalid(TEXT_TOO_LONG, path + name, path + name + " has " + text.length()
                        + " characters; at most " + maxLength + " are accepted");
            }
            for (int n = 0; n < text.length(); n++) {
                char c = text.charAt(n);
                boolean control = c < 0x20 || c == 0x7F;
                boolean allowed = lineBreaks && (c == '\t' || c == '\n' || c == '\r');
                if (control && !allowed) {
                    throw new Invalid(INVALID_CHARACTER, path + name, path + name + " holds the control character U+"
                            + String.format("%04X", (int) c) + " at position " + n + (lineBreaks
                            ? "; only tab, line feed and carriage return are allowed" : "; none is allowed here"));
                }
                // Text must be Unicode: an unpaired surrogate (a JSON "\\ud800" alone) cannot be stored or sent on.
                if (Character.isHighSurrogate(c) && (n + 1 == text.length() || !Character.isLowSurrogate(text.charAt(n + 1)))
                        || Character.isLowSurrogate(c) && (n == 0 || !Character.isHighSurrogate(text.charAt(n - 1)))) {
                    throw new Invalid(INVALID_CHARACTER, path + name, path + name
                            + " holds an unpaired UTF-16 surrogate at position " + n + "; text must be valid Unicode");
                }
            }
            return text;
        }

        String optionalContactText(String name) {
            return present(name) ? text(name, MAX_CONTACT_TEXT, false) : null;
        }

        String identifier(String name) {
            JsonNode value = required(name);
            if (!value.isTextual() || !IDENTIFIER.matcher(value.asText()).matches()) {
                throw new Invalid(INVALID_IDENTIFIER, path + name, path + name
                        + " must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
            }
            return value.asText();
        }

        String optionalIdentifier(String name) {
            return present(name) ? identifier(name) : null;
        }

        LocalDate date(String name) {
            JsonNode value = required(name);
            if (!value.isTextual() || !CALENDAR_DATE.matcher(value.asText()).matches()) {
                throw new Invalid(INVALID_DATE, path + name, path + name + " must be an ISO 8601 date YYYY-MM-DD");
            }
            LocalDate date;
            try {
                date = LocalDate.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new Invalid(INVALID_DATE, path + name, path + name + " " + value.asText() + " is not a calendar date");
            }
            if (date.isBefore(EARLIEST_DATE) || date.isAfter(LATEST_DATE)) {
                throw new Invalid(DATE_OUT_OF_RANGE, path + name, path + name + " " + date + " is outside "
                        + EARLIEST_DATE + " to " + LATEST_DATE);
            }
            return date;
        }

        /** The date a document was issued, received, cancelled or returned: not far beyond the business date. */
        LocalDate documentDate(String name) {
            LocalDate date = date(name);
            if (date.isAfter(latestDocumentDate)) {
                throw new Invalid(DATE_IN_FUTURE, path + name, path + name + " " + date + " is more than " + FUTURE_DAYS
                        + " days after Ledgerline's business date " + latestDocumentDate.minusDays(FUTURE_DAYS));
            }
            return date;
        }

        String currency(String name) {
            JsonNode value = required(name);
            if (!value.isTextual() || Currencies.minorUnits(value.asText()).isEmpty()) {
                throw new Invalid(INVALID_CURRENCY, path + name, path + name + " " + value
                        + " is not an ISO 4217 currency code");
            }
            return value.asText();
        }

        String optionalCurrency(String name) {
            return present(name) ? currency(name) : null;
        }

        /** Positive, exact, and with no more decimals than the currency has minor units. */
        BigDecimal amount(String name, String currency) {
            JsonNode value = required(name);
            BigDecimal amount;
            if (value.isTextual() && value.asText().length() <= MAX_AMOUNT_TEXT
                    && PLAIN_DECIMAL.matcher(value.asText()).matches()) {
                amount = new BigDecimal(value.asText());
            } else if (value.isNumber() && (value.isIntegralNumber() || value.isBigDecimal())) {
                amount = value.decimalValue();
            } else {
                throw new Invalid(INVALID_AMOUNT, path + name, path + name + " must be a plain decimal string such as"
                        + " \"1250.00\" (or a JSON number that converts exactly)");
            }
            if (amount.signum() <= 0) {
                throw new Invalid(INVALID_AMOUNT, path + name, path + name + " must be greater than zero, got " + shown(amount));
            }
            if (AmountLimit.exceeded(amount)) {
                throw new Invalid(INVALID_AMOUNT, path + name, path + name + " " + shown(amount) + " has more than "
                        + MAX_INTEGER_DIGITS + " digits before the decimal point");
            }
            int minorUnits = Currencies.minorUnits(currency).orElseThrow();
            // Decimals as written count: "1250.00" JPY is refused even though its value is whole, because a sender
            // that writes cents for yen has a currency or amount mix-up worth hearing about.
            if (amount.scale() > minorUnits) {
                throw new Invalid(TOO_MANY_DECIMALS, path + name, path + name + " " + shown(amount) + " has more"
                        + " decimals than " + currency + " allows (" + minorUnits + ")");
            }
            return Currencies.normalize(amount.stripTrailingZeros(), currency);
        }

        String country(String name) {
            JsonNode value = required(name);
            if (!value.isTextual() || !COUNTRIES.contains(value.asText())) {
                throw new Invalid(INVALID_COUNTRY, path + name, path + name + " must be an ISO 3166-1 alpha-2 code");
            }
            return value.asText();
        }

        String optionalTimeZone(String name) {
            if (!present(name)) {
                return null;
            }
            JsonNode value = node.get(name);
            try {
                if (value.isTextual() && value.asText().contains("/")) {
                    return ZoneId.of(value.asText()).getId();
                }
            } catch (DateTimeException ignored) {
                // falls through to the rejection below
            }
            throw new Invalid(INVALID_TIME_ZONE, path + name, path + name + " must be an IANA time zone such as Europe/Berlin");
        }

        Integer optionalInt(String name, int min, int max) {
            if (!present(name)) {
                return null;
            }
            JsonNode value = node.get(name);
            // canConvertToLong first: asLong() silently wraps a huge integer into the range.
            if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
                throw new Invalid(INVALID_FIELD, path + name, path + name + " must be a whole number from " + min + " to " + max);
            }
            return value.asInt();
        }

        PaymentMethod method(String name) {
            JsonNode value = required(name);
            try {
                if (value.isTextual()) {
                    return PaymentMethod.valueOf(value.asText());
                }
            } catch (IllegalArgumentException ignored) {
                // falls through to the rejection below
            }
            throw new Invalid(INVALID_PAYMENT_METHOD, path + name, path + name + " must be one of "
                    + Arrays.toString(PaymentMethod.values()));
        }

        List<Contact> contacts(String name) {
            if (!present(name)) {
                return null;
            }
            List<Contact> contacts = new ArrayList<>();
            for (Fields item : items(name)) {
                contacts.add(new Contact(item.text("name", MAX_CONTACT_TEXT, false), item.optionalContactText("email"),
                        item.optionalContactText("phone"), item.optionalContactText("role")));
            }
            return contacts;
        }

        List<PaymentAllocation> allocations(String name, String currency) {
            if (!present(name)) {
                return null;
            }
            if (node.get(name).isArray() && node.get(name).size() > MAX_ALLOCATIONS) {
                throw new Invalid(TOO_MANY_ALLOCATIONS, path + name, path + name + " has " + node.get(name).size()
                        + " lines; at most " + MAX_ALLOCATIONS + " are accepted");
            }
            List<PaymentAllocation> lines = new ArrayList<>();
            for (Fields item : items(name)) {
                lines.add(new PaymentAllocation(item.identifier("invoiceId"), item.amount("amount", currency)));
            }
            return lines;
        }

        private List<Fields> items(String name) {
            JsonNode value = node.get(name);
            if (!value.isArray()) {
                throw new Invalid(INVALID_FIELD, path + name, path + name + " must be an array");
            }
            List<Fields> items = new ArrayList<>();
            for (int n = 0; n < value.size(); n++) {
                if (!value.get(n).isObject()) {
                    throw new Invalid(INVALID_FIELD, path + name + "[" + n + "]", "each of " + path + name
                            + " must be an object");
                }
                items.add(new Fields((ObjectNode) value.get(n), path + name + "[" + n + "].", latestDocumentDate));
            }
            return items;
        }
    }

    /** An amount as a person reads it, never expanded: 1E+999999999 stays short. */
    private static String shown(BigDecimal amount) {
        return Math.abs((long) amount.scale()) <= 40 ? amount.toPlainString() : amount.toString();
    }

    /** Control flow for the first problem found; never escapes this class. */
    private static final class Invalid extends RuntimeException {
        final Rejection rejection;

        Invalid(String code, String field, String detail) {
            super(detail, null, false, false);
            this.rejection = Rejection.of(code, field, detail);
        }
    }
}
