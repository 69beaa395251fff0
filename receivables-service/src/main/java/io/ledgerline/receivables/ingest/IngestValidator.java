package io.ledgerline.receivables.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
 */
final class IngestValidator {

    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z0-9._:/-]{1,64}");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("-?[0-9]+(\\.[0-9]+)?");
    private static final Pattern CALENDAR_DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    private IngestValidator() {
    }

    static IngestDecoding validate(String eventName, ObjectNode data) {
        try {
            IngestEvent event = switch (eventName) {
                case "CustomerUpdated" -> customerUpdated(new Fields(data, ""));
                case "InvoiceIssued" -> invoiceIssued(new Fields(data, ""));
                case "InvoiceCancelled" -> invoiceCancelled(new Fields(data, ""));
                case "CreditNoteIssued" -> creditNoteIssued(new Fields(data, ""));
                case "PaymentReceived" -> paymentReceived(new Fields(data, ""));
                case "PaymentReturned" -> paymentReturned(new Fields(data, ""));
                default -> throw new IllegalArgumentException("no validator for " + eventName);
            };
            return new IngestDecoding.Decoded(null, eventName, event);
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
        LocalDate issued = f.date("issueDate");
        LocalDate due = f.date("dueDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        if (due.isBefore(issued)) {
            throw new Invalid(DUE_DATE_BEFORE_ISSUE_DATE, "dueDate", "dueDate " + due + " is before issueDate " + issued);
        }
        return new IngestEvent.InvoiceIssued(invoiceId, customerId, issued, due, currency, amount,
                f.optionalText("purchaseOrder"), f.optionalText("description"));
    }

    private static IngestEvent invoiceCancelled(Fields f) {
        return new IngestEvent.InvoiceCancelled(f.identifier("invoiceId"), f.identifier("customerId"),
                f.date("cancelledDate"), f.text("reason"));
    }

    private static IngestEvent creditNoteIssued(Fields f) {
        String creditNoteId = f.identifier("creditNoteId");
        String customerId = f.identifier("customerId");
        LocalDate issued = f.date("issueDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        return new IngestEvent.CreditNoteIssued(creditNoteId, customerId, issued, currency, amount,
                f.optionalIdentifier("invoiceId"), f.text("reason"));
    }

    private static IngestEvent paymentReceived(Fields f) {
        String paymentId = f.identifier("paymentId");
        String customerId = f.identifier("customerId");
        LocalDate received = f.date("receivedDate");
        String currency = f.currency("currency");
        BigDecimal amount = f.amount("amount", currency);
        PaymentMethod method = f.method("method");
        String reference = f.text("reference");
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
                f.date("returnedDate"), f.text("reasonCode"), f.text("reason"));
    }

    /** Reads fields of one JSON object; {@code path} prefixes field names in errors (e.g. "allocations[1]."). */
    private record Fields(ObjectNode node, String path) {

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

        String text(String name) {
            JsonNode value = required(name);
            if (!value.isTextual() || value.asText().isBlank()) {
                throw new Invalid(INVALID_FIELD, path + name, path + name + " must be a non-empty string");
            }
            return value.asText();
        }

        String optionalText(String name) {
            return present(name) ? text(name) : null;
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
            try {
                return LocalDate.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw new Invalid(INVALID_DATE, path + name, path + name + " " + value.asText() + " is not a calendar date");
            }
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
            if (value.isTextual() && PLAIN_DECIMAL.matcher(value.asText()).matches()) {
                amount = new BigDecimal(value.asText());
            } else if (value.isNumber() && (value.isIntegralNumber() || value.isBigDecimal())) {
                amount = value.decimalValue();
            } else {
                throw new Invalid(INVALID_AMOUNT, path + name, path + name + " must be a plain decimal string such as"
                        + " \"1250.00\" (or a JSON number that converts exactly)");
            }
            if (amount.signum() <= 0) {
                throw new Invalid(INVALID_AMOUNT, path + name, path + name + " must be greater than zero, got " + amount);
            }
            int minorUnits = Currencies.minorUnits(currency).orElseThrow();
            // Decimals as written count: "1250.00" JPY is refused even though its value is whole, because a sender
            // that writes cents for yen has a currency or amount mix-up worth hearing about.
            if (amount.scale() > minorUnits) {
                throw new Invalid(TOO_MANY_DECIMALS, path + name, path + name + " " + amount.toPlainString() + " has more"
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
            if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
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
                contacts.add(new Contact(item.text("name"), item.optionalText("email"), item.optionalText("phone"),
                        item.optionalText("role")));
            }
            return contacts;
        }

        List<PaymentAllocation> allocations(String name, String currency) {
            if (!present(name)) {
                return null;
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
                items.add(new Fields((ObjectNode) value.get(n), path + name + "[" + n + "]."));
            }
            return items;
        }
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
