package io.ledgerline.events;

import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * One instance of every event record with every field set, so a serialized sample shows every property its
 * schema must declare. Amounts carry awkward scales on purpose (trailing zeros, three decimals, a large whole number).
 */
final class EventSamples {

    private static final String CUSTOMER = "C-1042";
    private static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    private static final List<Contact> CONTACTS = List.of(
            new Contact("Ana Ruiz", "ap@nordwind.example", "+49 30 1234567", "AP"));
    private static final List<PaymentAllocation> ALLOCATIONS = List.of(
            new PaymentAllocation("INV-2026-000123", new BigDecimal("1200.00")));

    static final Map<Class<?>, Object> INGEST = byClass(
            new IngestEvent.CustomerUpdated(CUSTOMER, "Nordwind Logistik GmbH", "DE", "Europe/Berlin", 30, "EUR",
                    CONTACTS),
            new IngestEvent.InvoiceIssued("INV-2026-000123", CUSTOMER, OCT_1, OCT_1.plusDays(30), "EUR",
                    new BigDecimal("1250.00"), "PO-77", "October freight"),
            new IngestEvent.InvoiceCancelled("INV-2026-000123", CUSTOMER, OCT_1.plusDays(2), "duplicate"),
            new IngestEvent.CreditNoteIssued("CN-88", CUSTOMER, OCT_1.plusDays(11), "BHD", new BigDecimal("50.125"),
                    "INV-2026-000123", "damaged pallet"),
            new IngestEvent.PaymentReceived("PAY-5531", CUSTOMER, OCT_1.plusDays(28), "EUR",
                    new BigDecimal("1200.00"), PaymentMethod.SEPA, "INV-2026-000123 less damage", ALLOCATIONS),
            new IngestEvent.PaymentReturned("PAY-5531", CUSTOMER, OCT_1.plusDays(32), "AC04", "account closed"));

    static final Map<Class<?>, Object> RECEIVABLES = byClass(
            new ReceivablesEvent.CustomerUpdated(CUSTOMER, "Nordwind Logistik GmbH", "DE", "Europe/Berlin", 30,
                    "EUR", CONTACTS),
            new ReceivablesEvent.InvoiceIssued(CUSTOMER, "INV-2026-000123", OCT_1, OCT_1.plusDays(30), "JPY",
                    new BigDecimal("125000000000"), "PO-77", "October freight"),
            new ReceivablesEvent.InvoiceCancelled(CUSTOMER, "INV-2026-000123", OCT_1.plusDays(2), "duplicate"),
            new ReceivablesEvent.CreditNoteIssued(CUSTOMER, "CN-88", OCT_1.plusDays(11), "EUR",
                    new BigDecimal("50.00"), "INV-2026-000123", "damaged pallet"),
            new ReceivablesEvent.PaymentReceived(CUSTOMER, "PAY-5531", OCT_1.plusDays(28), "EUR",
                    new BigDecimal("1200.00"), PaymentMethod.SEPA, "INV-2026-000123 less damage", ALLOCATIONS),
            new ReceivablesEvent.PaymentApplied(CUSTOMER, SourceKind.PAYMENT, "PAY-5531", "INV-2026-000123", "EUR",
                    new BigDecimal("1200.00"), OCT_1.plusDays(28), ApplicationRule.MANUAL, "clerk.jane"),
            new ReceivablesEvent.PaymentUnapplied(CUSTOMER, SourceKind.CREDIT_NOTE, "CN-88", "INV-2026-000123",
                    "EUR", new BigDecimal("0.50"), OCT_1.plusDays(30), "applied to the wrong invoice", "clerk.jane"),
            new ReceivablesEvent.PaymentReturned(CUSTOMER, "PAY-5531", OCT_1.plusDays(32), "EUR",
                    new BigDecimal("1200.00"), "AC04", "account closed"),
            new ReceivablesEvent.InvoiceAdjusted(CUSTOMER, "INV-2026-000123", "ADJ-1", "EUR",
                    new BigDecimal("-12.50"), OCT_1.plusDays(5), "freight surcharge waived", "clerk.jane"),
            new ReceivablesEvent.InvoiceWrittenOff(CUSTOMER, "INV-2026-000123", "WO-1", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(200), "uncollectible", "clerk.jane", false, "ar-clerk",
                    "UNCOLLECTIBLE", "WOR-1", "sam.supervisor"),
            new ReceivablesEvent.WriteOffRequested(CUSTOMER, "WOR-1", "INV-2026-000123", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(199), "UNCOLLECTIBLE", "customer insolvent",
                    "clerk.jane", "8c1f6d0e-jane", "ar-clerk", List.of("ABOVE_LIMIT", "NOT_YET_DUE")),
            new ReceivablesEvent.WriteOffProposalDeclined(CUSTOMER, "WOR-2", "INV-2026-000123",
                    OCT_1.plusDays(201), "collect first", "sam.supervisor"),
            new ReceivablesEvent.InvoiceWriteOffReversed(CUSTOMER, "INV-2026-000123", "WO-1", "EUR",
                    new BigDecimal("37.50"), OCT_1.plusDays(210), "customer paid after all", "clerk.jane"),
            new ReceivablesEvent.CashApplicationPolicyChanged(CUSTOMER,
                    ReceivablesEvent.RemainderPolicy.LEAVE_UNAPPLIED, OCT_1.plusDays(3), "clerk.jane"),
            new ReceivablesEvent.AccountDelinquent(CUSTOMER, OCT_1.plusDays(45), OCT_1.plusDays(30), 15,
                    List.of(new CurrencyAmount("EUR", new BigDecimal("50.00")),
                            new CurrencyAmount("USD", new BigDecimal("1000"))), "1-30"),
            new ReceivablesEvent.AccountCured(CUSTOMER, OCT_1.plusDays(60)));

    private EventSamples() {
    }

    private static Map<Class<?>, Object> byClass(Object... samples) {
        return Stream.of(samples).collect(Collectors.toUnmodifiableMap(Object::getClass, Function.identity()));
    }
}
