package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;

import java.time.LocalDate;
import java.util.List;

/**
 * The business date of each ledger event: the day it counts from in aging, statements and as-of views. Applications
 * are dated no earlier than both documents they join, and unapplications no earlier than the application they undo,
 * so folding only the events up to a date always gives a consistent ledger as it stood that day.
 */
public final class BusinessDate {

    private BusinessDate() {
    }

    /** The later of two dates; a null date counts as none. */
    public static LocalDate later(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    public static LocalDate of(ReceivablesEvent event) {
        return switch (event) {
            // Master data has no business date: the newest snapshot applies to every day.
            case ReceivablesEvent.CustomerUpdated e -> LocalDate.MIN;
            case ReceivablesEvent.InvoiceIssued e -> e.issueDate();
            case ReceivablesEvent.InvoiceCancelled e -> e.cancelledDate();
            case ReceivablesEvent.CreditNoteIssued e -> e.issueDate();
            case ReceivablesEvent.PaymentReceived e -> e.receivedDate();
            case ReceivablesEvent.PaymentApplied e -> e.appliedDate();
            case ReceivablesEvent.PaymentUnapplied e -> e.unappliedDate();
            case ReceivablesEvent.PaymentReturned e -> e.returnedDate();
            case ReceivablesEvent.InvoiceAdjusted e -> e.adjustedDate();
            case ReceivablesEvent.InvoiceWrittenOff e -> e.writtenOffDate();
            case ReceivablesEvent.InvoiceWriteOffReversed e -> e.reversedDate();
            case ReceivablesEvent.CashApplicationPolicyChanged e -> e.changedDate();
            case ReceivablesEvent.WriteOffRequested e -> e.requestedDate();
            case ReceivablesEvent.AccountDelinquent e -> e.asOf();
            case ReceivablesEvent.AccountCured e -> e.asOf();
            case ReceivablesEvent.InvoiceDisputed e -> e.disputedDate();
            case ReceivablesEvent.InvoiceDisputeCleared e -> e.clearedDate();
            case ReceivablesEvent.WriteOffProposalReceived e -> e.receivedDate();
            case ReceivablesEvent.WriteOffProposalDeclined e -> e.declinedDate();
        };
    }

    /**
     * The account as it stood at the end of {@code asOf}: every event dated that day or earlier. A payment returned by
     * then pays nothing by then, and an invoice cancelled by then holds no money, even where the unapplication that
     * let the return or cancel through was recorded on a later day: the return's and the cancel's dates are the bank's
     * and the ERP's, not ours.
     */
    public static Account accountAsOf(String customerId, List<ReceivablesEvent> events, LocalDate asOf) {
        Account account = AccountDecider.initialState(customerId);
        for (ReceivablesEvent event : events) {
            if (!of(event).isAfter(asOf)) {
                account.evolve(event);
            }
        }
        for (var entry : List.copyOf(account.applications().entrySet())) {
            var key = entry.getKey();
            boolean returned = key.sourceKind() == ReceivablesEvent.SourceKind.PAYMENT
                    && account.payment(key.sourceId()).isReturned();
            if (returned || account.invoice(key.invoiceId()).isCancelled()) {
                account.evolve(new ReceivablesEvent.PaymentUnapplied(customerId, key.sourceKind(), key.sourceId(),
                        key.invoiceId(), account.invoice(key.invoiceId()).currency(), entry.getValue().amount(), asOf,
                        returned ? "payment returned" : "invoice cancelled"));
            }
        }
        return account;
    }
}
