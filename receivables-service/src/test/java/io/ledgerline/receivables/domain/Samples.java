package io.ledgerline.receivables.domain;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/** Contract inputs for tests, with the contract's own example values as defaults. */
final class Samples {

    static final String CUSTOMER = "C-1042";

    private Samples() {
    }

    static BigDecimal eur(String amount) {
        return new BigDecimal(amount);
    }

    static IngestEvent.InvoiceIssued invoice(String id, String amount, String issueDate, String dueDate) {
        return new IngestEvent.InvoiceIssued(id, CUSTOMER, LocalDate.parse(issueDate), LocalDate.parse(dueDate), "EUR",
                eur(amount), null, null);
    }

    static IngestEvent.InvoiceIssued invoice(String id, String amount) {
        return invoice(id, amount, "2026-10-01", "2026-10-31");
    }

    static IngestEvent.PaymentReceived payment(String id, String amount, PaymentAllocation... allocations) {
        return new IngestEvent.PaymentReceived(id, CUSTOMER, LocalDate.parse("2026-10-29"), "EUR", eur(amount),
                PaymentMethod.SEPA, null, allocations.length == 0 ? null : List.of(allocations));
    }

    static IngestEvent.PaymentReceived paymentWithReference(String id, String amount, String reference) {
        return new IngestEvent.PaymentReceived(id, CUSTOMER, LocalDate.parse("2026-10-29"), "EUR", eur(amount),
                PaymentMethod.WIRE, reference, null);
    }

    static PaymentAllocation allocate(String invoiceId, String amount) {
        return new PaymentAllocation(invoiceId, eur(amount));
    }

    static IngestEvent.CreditNoteIssued creditNote(String id, String amount, String invoiceId) {
        return new IngestEvent.CreditNoteIssued(id, CUSTOMER, LocalDate.parse("2026-10-12"), "EUR", eur(amount),
                invoiceId, "damaged pallet");
    }

    static IngestEvent.InvoiceCancelled cancel(String invoiceId) {
        return new IngestEvent.InvoiceCancelled(invoiceId, CUSTOMER, LocalDate.parse("2026-10-03"), "duplicate");
    }

    static IngestEvent.InvoiceCancelled cancel(String invoiceId, String cancelledDate) {
        return new IngestEvent.InvoiceCancelled(invoiceId, CUSTOMER, LocalDate.parse(cancelledDate), "duplicate");
    }

    static IngestEvent.PaymentReturned paymentReturned(String paymentId) {
        return new IngestEvent.PaymentReturned(paymentId, CUSTOMER, LocalDate.parse("2026-11-02"), "AC04", "account closed");
    }
}
