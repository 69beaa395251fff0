package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;

import java.util.List;

import static io.ledgerline.receivables.domain.RejectionCode.AMOUNT_EXCEEDS_OPEN_AMOUNT;
import static io.ledgerline.receivables.domain.RejectionCode.INVOICE_CANCELLED;
import static io.ledgerline.receivables.domain.RejectionCode.UNKNOWN_INVOICE;

/** A supervisor's decision on collections' write-off proposals (flows.md §3). */
final class WriteOffProposals {

    // Answered over REST only (never on the ingest rejected topic), so not among the ingest RejectionCodes.
    static final String UNKNOWN_PROPOSAL = "UNKNOWN_PROPOSAL";
    static final String PROPOSAL_NOT_PENDING = "PROPOSAL_NOT_PENDING";
    static final String FOUR_EYES = "FOUR_EYES";

    private WriteOffProposals() {
    }

    static Decision approve(LedgerCommand.ApproveWriteOffProposal c, Account state, LedgerRules rules) {
        var proposal = pending(state, c.proposalId());
        if (proposal instanceof Decision d) {
            return d;
        }
        var p = (ReceivablesEvent.WriteOffProposalReceived) proposal;
        if (p.proposedBy() != null && c.by() != null && p.proposedBy().subject().equals(c.by().subject())) {
            return Decision.reject(FOUR_EYES, "proposalId", "proposal " + c.proposalId() + " was made by "
                    + c.by().subject() + "; another person must approve it");
        }
        Account.Invoice invoice = state.invoice(p.invoiceId());
        if (invoice == null) {
            return Decision.reject(UNKNOWN_INVOICE, "invoiceId", "invoice " + p.invoiceId() + " is not in the ledger");
        }
        if (invoice.isCancelled()) {
            return Decision.reject(INVOICE_CANCELLED, "invoiceId", "invoice " + p.invoiceId() + " is cancelled");
        }
        if (p.amount().compareTo(invoice.openAmount()) > 0) {
            return Decision.reject(AMOUNT_EXCEEDS_OPEN_AMOUNT, "proposalId", "proposal " + c.proposalId()
                    + " writes off " + p.amount() + " " + p.currency() + " but invoice " + p.invoiceId() + " has only "
                    + invoice.openAmount() + " open; decline it");
        }
        var date = BusinessDate.later(c.date(), invoice.issued().issueDate());
        // Written off in the proposer's name (collections, when its strategy proposed it), the supervisor as approver:
        // the same shape as a clerk's request approved by a second person.
        return AccountDecider.withReallocation(state, List.of(new ReceivablesEvent.InvoiceWrittenOff(c.customerId(),
                p.invoiceId(), p.proposalId(), invoice.currency(), p.amount(), date,
                "write-off proposal " + p.proposalId() + " approved: " + p.reason(),
                p.proposedBy() == null ? "collections-service" : p.proposedBy().subject(), false, "supervisor", null,
                null, c.by() == null ? null : c.by().subject())), rules, date);
    }

    static Decision decline(LedgerCommand.DeclineWriteOffProposal c, Account state) {
        var proposal = pending(state, c.proposalId());
        if (proposal instanceof Decision d) {
            return d;
        }
        var p = (ReceivablesEvent.WriteOffProposalReceived) proposal;
        return Decision.accept(List.of(new ReceivablesEvent.WriteOffProposalDeclined(c.customerId(), p.proposalId(),
                p.invoiceId(), c.reason(), BusinessDate.later(c.date(), p.receivedDate()), c.by())));
    }

    /** The pending proposal, or the rejection saying why there is none. */
    private static Object pending(Account state, String proposalId) {
        var p = state.marks().pendingProposals().get(proposalId);
        if (p != null) {
            return p;
        }
        if (state.marks().isDeclined(proposalId) || state.writeOffs().containsKey(proposalId)) {
            return Decision.reject(PROPOSAL_NOT_PENDING, "proposalId", "proposal " + proposalId
                    + " was already " + (state.marks().isDeclined(proposalId) ? "declined" : "approved"));
        }
        return Decision.reject(UNKNOWN_PROPOSAL, "proposalId", "there is no write-off proposal " + proposalId);
    }
}
