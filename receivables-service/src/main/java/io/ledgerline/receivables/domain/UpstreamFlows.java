package io.ledgerline.receivables.domain;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ledger's half of flows.md §2 and §3, as a decider over other services' events: disputes mark and lift amounts
 * on invoices and their resolutions post credit notes; collections' write-off proposals wait for a supervisor. Pure,
 * like {@link AccountDecider}, and idempotent on its own: a credit note is posted only if the ledger does not have
 * its id yet, so a DisputeResolved delivered twice (even under two message ids) posts one credit; a mark is set
 * only where it is not, and never again for a dispute whose marks were lifted (only DisputeReopened marks again).
 */
public final class UpstreamFlows {

    private UpstreamFlows() {
    }

    public static Decision decide(DomainEvent event, Account state, LedgerRules rules) {
        return switch (event) {
            case DisputesEvent.DisputeOpened e -> state.marks().isLifted(e.disputeId())
                    || !state.marks().ofDispute(e.disputeId()).isEmpty() ? none()
                    : mark(state, e.disputeId(), e.invoices(), e.openedDate(), rules);
            case DisputesEvent.DisputeReopened e -> mark(state, e.disputeId(), e.invoices(), e.reopenedDate(), rules);
            case DisputesEvent.DisputeResolved e -> resolved(e, state, rules);
            case DisputesEvent.DisputeClosed e -> lift(state, e.customerId(), e.disputeId(), e.closedDate(), rules);
            case CollectionsEvent.WriteOffProposed e -> proposed(e, state);
            default -> none();
        };
    }

    /** Marks each invoice the ledger knows with the amount disputed, unless it already carries exactly that mark. */
    private static Decision mark(Account state, String disputeId, List<DisputesEvent.DisputedInvoice> invoices,
                                 LocalDate date, LedgerRules rules) {
        List<ReceivablesEvent> facts = new ArrayList<>();
        for (DisputesEvent.DisputedInvoice line : invoices) {
            Account.Invoice invoice = state.invoice(line.invoiceId());
            BigDecimal marked = state.marks().on(line.invoiceId()).get(disputeId);
            if (invoice == null || (marked != null && marked.compareTo(line.amount()) == 0)) {
                continue;
            }
            facts.add(new ReceivablesEvent.InvoiceDisputed(state.customerId(), line.invoiceId(), disputeId,
                    invoice.currency(), line.amount(), date));
        }
        return withLedger(state, facts, rules, date);
    }

    /**
     * Posts each invoice's credit as a credit note naming the dispute (applied to its invoice by cash application),
     * once, then lifts the dispute's marks, each saying which credit note settled it.
     */
    private static Decision resolved(DisputesEvent.DisputeResolved e, Account state, LedgerRules rules) {
        List<ReceivablesEvent> facts = new ArrayList<>();
        Map<String, BigDecimal> marked = state.marks().ofDispute(e.disputeId());
        for (DisputesEvent.ResolvedInvoice line : e.invoices()) {
            boolean credit = line.creditAmount().signum() > 0 && line.creditNoteId() != null;
            if (credit && state.creditNote(line.creditNoteId()) == null) {
                Account.Invoice invoice = state.invoice(line.invoiceId());
                facts.add(new ReceivablesEvent.CreditNoteIssued(state.customerId(), line.creditNoteId(),
                        e.resolvedDate(), invoice == null ? e.currency() : invoice.currency(), line.creditAmount(),
                        line.invoiceId(), "dispute " + e.disputeId() + " resolved " + e.outcome() + " ("
                        + e.resolutionId() + ")"));
            }
        }
        for (DisputesEvent.ResolvedInvoice line : e.invoices()) {
            BigDecimal amount = marked.remove(line.invoiceId());
            if (amount != null) {
                facts.add(cleared(state, line.invoiceId(), e.disputeId(), amount, e.resolutionId(),
                        line.creditAmount().signum() > 0 ? line.creditNoteId() : null, e.resolvedDate()));
            }
        }
        // Invoices the dispute marked but the resolution does not name: lifted without credit.
        marked.forEach((invoiceId, amount) -> facts.add(cleared(state, invoiceId, e.disputeId(), amount,
                e.resolutionId(), null, e.resolvedDate())));
        return withLedger(state, facts, rules, e.resolvedDate());
    }

    /** A closed case (withdrawn, or closed after its resolution) leaves no mark behind, and posts no credit. */
    private static Decision lift(Account state, String customerId, String disputeId, LocalDate date, LedgerRules rules) {
        List<ReceivablesEvent> facts = new ArrayList<>();
        state.marks().ofDispute(disputeId).forEach((invoiceId, amount) ->
                facts.add(cleared(state, invoiceId, disputeId, amount, null, null, date)));
        return withLedger(state, facts, rules, date);
    }

    private static ReceivablesEvent cleared(Account state, String invoiceId, String disputeId, BigDecimal amount,
                                            String resolutionId, String creditNoteId, LocalDate date) {
        return new ReceivablesEvent.InvoiceDisputeCleared(state.customerId(), invoiceId, disputeId,
                state.invoice(invoiceId).currency(), amount, resolutionId, creditNoteId, date);
    }

    private static Decision proposed(CollectionsEvent.WriteOffProposed e, Account state) {
        boolean known = state.marks().pendingProposals().containsKey(e.proposalId())
                || state.marks().isDeclined(e.proposalId()) || state.writeOffs().containsKey(e.proposalId());
        if (known) {
            return none();
        }
        return Decision.accept(List.of(new ReceivablesEvent.WriteOffProposalReceived(state.customerId(),
                e.proposalId(), e.invoiceId(), e.currency(), e.amount(), e.reason(), e.caseId(), e.proposedDate(),
                e.by())));
    }

    /**
     * Records the facts like any ledger change: credit notes are applied by cash application, and delinquency is
     * decided again (a mark can cure an account, a lifted one make it delinquent).
     */
    private static Decision withLedger(Account state, List<ReceivablesEvent> facts, LedgerRules rules, LocalDate date) {
        return facts.isEmpty() ? none() : AccountDecider.withReallocation(state, facts, rules, date);
    }

    private static Decision none() {
        return Decision.accept(List.of());
    }
}
