package io.ledgerline.disputes.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputeKind;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.Outcome;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.ledgerline.disputes.domain.DisputeStatus.CLOSED;
import static io.ledgerline.disputes.domain.DisputeStatus.ESCALATED;
import static io.ledgerline.disputes.domain.DisputeStatus.IN_REVIEW;
import static io.ledgerline.disputes.domain.DisputeStatus.RESOLVED;

/**
 * A dispute case as a decider: {@link #decide} turns a command and the case's state into events or a rejection,
 * {@link Dispute#evolve} folds events. Pure: the policy and the business date come in with the call, nothing is read
 * from a clock or a database, so the same history and command always decide the same.
 */
public final class DisputeDecider {

    private DisputeDecider() {
    }

    public static Decision decide(DisputeCommand command, Dispute state, DisputePolicy policy) {
        if (!(command instanceof DisputeCommand.OpenDispute || command instanceof DisputeCommand.OpenDeduction)
                && !state.exists()) {
            return Decision.reject(Rejection.unknown("UNKNOWN_DISPUTE", "disputeId",
                    "there is no dispute " + command.disputeId()));
        }
        return switch (command) {
            case DisputeCommand.OpenDispute c -> open(c, state, policy);
            case DisputeCommand.OpenDeduction c -> openDeduction(c, state, policy);
            case DisputeCommand.StartReview c -> startReview(c, state);
            case DisputeCommand.Assign c -> assign(c, state);
            case DisputeCommand.Escalate c -> escalate(c, state);
            case DisputeCommand.CheckSla c -> checkSla(c, state, policy);
            case DisputeCommand.AddNote c -> addNote(c, state);
            case DisputeCommand.AttachEvidence c -> Decision.accept(new DisputesEvent.DisputeEvidenceAttached(
                    state.customerId(), state.disputeId(), c.evidenceId(), c.fileName(), c.contentType(),
                    c.sizeBytes(), c.sha256(), blankToNull(c.description()), c.date(), c.by()));
            case DisputeCommand.Resolve c -> resolve(c, state, policy);
            case DisputeCommand.ApproveResolution c -> approve(c, state);
            case DisputeCommand.DeclineResolution c -> decline(c, state);
            case DisputeCommand.Close c -> close(c, state);
            case DisputeCommand.Withdraw c -> withdraw(c, state);
            case DisputeCommand.Reopen c -> reopen(c, state);
        };
    }

    /** The SLA due date of a case's current round: as the event said, or counted from the reopen. */
    public static LocalDate slaDueDate(Dispute state, DisputePolicy policy) {
        if (state.slaDueDate() != null) {
            return state.slaDueDate();
        }
        return policy.calendar().plusBusinessDays(state.slaStart(), policy.slaDays(state.reasonCode()).orElse(10));
    }

    private static Decision open(DisputeCommand.OpenDispute c, Dispute state, DisputePolicy policy) {
        if (state.exists()) {
            return Decision.reject(Rejection.wrongState("DISPUTE_EXISTS", "dispute " + c.disputeId() + " exists"));
        }
        if (!policy.reasons().containsKey(c.reasonCode())) {
            return Decision.reject(Rejection.invalid("UNKNOWN_REASON_CODE", "reasonCode", "reasonCode must be one of "
                    + new java.util.TreeSet<>(policy.reasonCodes())));
        }
        if (!Money.isCurrency(c.currency())) {
            return Decision.reject(Rejection.invalid("INVALID_CURRENCY", "currency",
                    "currency must be an ISO 4217 code such as EUR"));
        }
        Rejection bad = checkInvoices(c.invoices(), c.currency(), "invoices");
        if (bad != null) {
            return Decision.reject(bad);
        }
        List<DisputedInvoice> invoices = c.invoices().stream()
                .map(i -> new DisputedInvoice(i.invoiceId(), Money.of(i.amount(), c.currency()))).toList();
        return opened(new DisputesEvent.DisputeOpened(c.customerId(), c.disputeId(), DisputeKind.DISPUTE,
                c.reasonCode(), blankToNull(c.description()), c.currency(), invoices, null, c.contact(), c.date(),
                policy.calendar().plusBusinessDays(c.date(), policy.slaDays(c.reasonCode()).orElseThrow()), c.by()),
                policy);
    }

    /** A deduction's id is derived from (customer, invoice, payment), so a redelivered short payment finds it open. */
    private static Decision openDeduction(DisputeCommand.OpenDeduction c, Dispute state, DisputePolicy policy) {
        if (state.exists()) {
            return Decision.accept(List.of());
        }
        BigDecimal shortfall = Money.of(c.shortfall(), c.currency());
        String reason = policy.deductionReason();
        return opened(new DisputesEvent.DisputeOpened(c.customerId(), c.disputeId(), DisputeKind.DEDUCTION, reason,
                "payment " + c.paymentId() + " paid " + Money.of(c.remitted(), c.currency()).toPlainString() + " "
                        + c.currency() + " on invoice " + c.invoiceId() + ", " + shortfall.toPlainString() + " "
                        + c.currency() + " short",
                c.currency(), List.of(new DisputedInvoice(c.invoiceId(), shortfall)), c.paymentId(), null, c.date(),
                policy.calendar().plusBusinessDays(c.date(), policy.slaDays(reason).orElseThrow()), null), policy);
    }

    /** Every new case gets its owner at once, by the assignment rules. */
    private static Decision opened(DisputesEvent.DisputeOpened event, DisputePolicy policy) {
        BigDecimal total = event.invoices().stream().map(DisputedInvoice::amount).reduce(BigDecimal.ZERO, BigDecimal::add);
        return Decision.accept(event, new DisputesEvent.DisputeAssigned(event.customerId(), event.disputeId(),
                policy.ownerFor(event.reasonCode(), total), null,
                "assignment rules: reason " + event.reasonCode() + ", " + total.toPlainString() + " " + event.currency(),
                event.openedDate(), null));
    }

    private static Decision startReview(DisputeCommand.StartReview c, Dispute state) {
        if (state.status() == IN_REVIEW) {
            return Decision.accept(List.of());
        }
        if (!state.status().isActive()) {
            return notActive(state, "taken into review");
        }
        return Decision.accept(new DisputesEvent.DisputeReviewStarted(state.customerId(), state.disputeId(), c.date(),
                c.by()));
    }

    private static Decision assign(DisputeCommand.Assign c, Dispute state) {
        if (state.status() == CLOSED) {
            return Decision.reject(Rejection.wrongState("DISPUTE_CLOSED", "dispute " + state.disputeId()
                    + " is closed; reopen it first"));
        }
        if (c.owner().equals(state.owner())) {
            return Decision.accept(List.of());
        }
        return Decision.accept(new DisputesEvent.DisputeAssigned(state.customerId(), state.disputeId(), c.owner(),
                state.owner(), blankToNull(c.reason()), c.date(), c.by()));
    }

    private static Decision escalate(DisputeCommand.Escalate c, Dispute state) {
        if (state.status() == ESCALATED) {
            return Decision.reject(Rejection.wrongState("ALREADY_ESCALATED", "dispute " + state.disputeId()
                    + " is already escalated"));
        }
        if (!state.status().isActive()) {
            return notActive(state, "escalated");
        }
        return Decision.accept(new DisputesEvent.DisputeEscalated(state.customerId(), state.disputeId(),
                DisputesEvent.EscalationCause.MANUAL, c.to(), c.reason(), state.slaDueDate(), c.date(), c.by()));
    }

    /**
     * Breached when a business day after the SLA due date has come by {@code asOf} and the case is still being
     * worked: the SLA counts business days, so a case due on a Friday is not late on the weekend (the daily run on
     * Saturday would otherwise escalate it as "0 business days late"). Escalated once per round: a case already
     * escalated (by a person or an earlier run) is not escalated again.
     */
    private static Decision checkSla(DisputeCommand.CheckSla c, Dispute state, DisputePolicy policy) {
        if (!state.status().isActive() || state.escalated() || state.pending() != null) {
            return Decision.accept(List.of());
        }
        LocalDate due = slaDueDate(state, policy);
        int late = policy.calendar().businessDaysBetween(due, c.asOf());
        if (late == 0) {
            return Decision.accept(List.of());
        }
        return Decision.accept(new DisputesEvent.DisputeEscalated(state.customerId(), state.disputeId(),
                DisputesEvent.EscalationCause.SLA_BREACHED, policy.escalateTo(),
                "SLA of " + policy.slaDays(state.reasonCode()).orElse(10) + " business days for " + state.reasonCode()
                        + " was due " + due + "; " + late + " business day" + (late == 1 ? "" : "s") + " late",
                due, c.asOf(), null));
    }

    private static Decision addNote(DisputeCommand.AddNote c, Dispute state) {
        return Decision.accept(new DisputesEvent.DisputeNoteAdded(state.customerId(), state.disputeId(),
                "N-" + (state.notes() + 1), c.text(), c.date(), c.by()));
    }

    private static Decision resolve(DisputeCommand.Resolve c, Dispute state, DisputePolicy policy) {
        if (!state.status().isActive()) {
            return notActive(state, "resolved");
        }
        if (state.pending() != null) {
            return Decision.reject(Rejection.wrongState("RESOLUTION_PENDING", "resolution "
                    + state.pending().resolutionId() + " is waiting for approval; approve or decline it first"));
        }
        List<DisputeCommand.InvoiceCredit> credits = c.credits() == null ? List.of() : c.credits();
        Map<String, BigDecimal> credit = new LinkedHashMap<>();
        Set<String> named = new HashSet<>();
        for (int n = 0; n < credits.size(); n++) {
            DisputeCommand.InvoiceCredit line = credits.get(n);
            String field = "invoices[" + n + "]";
            if (line.invoiceId() == null || !state.disputed().containsKey(line.invoiceId())) {
                return Decision.reject(Rejection.refused("INVOICE_NOT_DISPUTED", field + ".invoiceId", "invoice "
                        + line.invoiceId() + " is not disputed in " + state.disputeId() + "; disputed are "
                        + state.disputed().keySet()));
            }
            if (!named.add(line.invoiceId())) {
                return Decision.reject(Rejection.invalid("DUPLICATE_INVOICE", field + ".invoiceId", "invoice "
                        + line.invoiceId() + " is named twice"));
            }
            BigDecimal amount = line.creditAmount();
            if (amount == null || amount.signum() < 0) {
                return Decision.reject(Rejection.invalid("INVALID_AMOUNT", field + ".creditAmount",
                        "creditAmount must be zero or more"));
            }
            if (Money.tooLarge(amount)) {
                return Decision.reject(Rejection.invalid("INVALID_AMOUNT", field + ".creditAmount",
                        "creditAmount has more than " + Money.MAX_INTEGER_DIGITS + " digits before the decimal point"));
            }
            if (!Money.fits(amount, state.currency())) {
                return Decision.reject(Rejection.invalid("TOO_MANY_DECIMALS", field + ".creditAmount", "creditAmount "
                        + amount + " has more decimals than " + state.currency() + " allows"));
            }
            BigDecimal disputed = state.disputed().get(line.invoiceId());
            if (amount.compareTo(disputed) > 0) {
                return Decision.reject(Rejection.refused("CREDIT_EXCEEDS_DISPUTED", field + ".creditAmount",
                        "a credit of " + amount.toPlainString() + " " + state.currency() + " on invoice "
                                + line.invoiceId() + " is more than the " + disputed.toPlainString() + " disputed"));
            }
            credit.put(line.invoiceId(), Money.of(amount, state.currency()));
        }
        BigDecimal total = credit.values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
        switch (c.outcome()) {
            case ACCEPTED -> {
                for (var entry : state.disputed().entrySet()) {
                    BigDecimal given = credit.get(entry.getKey());
                    if (given != null && given.compareTo(entry.getValue()) != 0) {
                        return Decision.reject(Rejection.refused("ACCEPTED_CREDITS_DISPUTED", "outcome",
                                "ACCEPTED credits everything disputed (" + entry.getValue().toPlainString() + " on "
                                        + entry.getKey() + "); use PARTIALLY_ACCEPTED for less"));
                    }
                    credit.put(entry.getKey(), entry.getValue());
                }
            }
            case PARTIALLY_ACCEPTED -> {
                if (total.signum() == 0 || total.compareTo(state.disputedTotal()) >= 0) {
                    return Decision.reject(Rejection.refused("PARTIAL_CREDIT_REQUIRED", "invoices",
                            "PARTIALLY_ACCEPTED credits more than nothing and less than the "
                                    + state.disputedTotal().toPlainString() + " " + state.currency() + " disputed"));
                }
            }
            case REJECTED -> {
                if (total.signum() != 0) {
                    return Decision.reject(Rejection.refused("REJECTED_WITH_CREDIT", "invoices",
                            "a REJECTED resolution credits nothing"));
                }
            }
        }
        if (c.reason() == null || c.reason().isBlank()) {
            return Decision.reject(Rejection.invalid("MISSING_FIELD", "reason",
                    "reason is required: it is what the customer is told"));
        }
        String resolutionId = state.disputeId() + "-R" + (state.resolutions() + 1);
        List<ResolvedInvoice> invoices = new ArrayList<>();
        int creditNotes = 0;
        for (var entry : state.disputed().entrySet()) {
            BigDecimal amount = credit.getOrDefault(entry.getKey(), Money.zero(state.currency()));
            String creditNoteId = amount.signum() > 0 ? "CN-" + resolutionId + "-" + (++creditNotes) : null;
            invoices.add(new ResolvedInvoice(entry.getKey(), entry.getValue(), amount, creditNoteId));
        }
        BigDecimal credited = invoices.stream().map(ResolvedInvoice::creditAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        // Counted with what earlier rounds credited on one person's word: resolving, reopening and resolving again
        // in parts below the approval amount would otherwise credit any sum without a second person.
        if (credited.signum() > 0 && state.creditedWithoutApproval().add(credited)
                .compareTo(policy.approvalAbove(state.currency())) > 0) {
            return Decision.accept(new DisputesEvent.DisputeResolutionProposed(state.customerId(), state.disputeId(),
                    resolutionId, c.outcome(), state.currency(), invoices, c.reason(), c.date(), c.by()));
        }
        return Decision.accept(new DisputesEvent.DisputeResolved(state.customerId(), state.disputeId(), resolutionId,
                c.outcome(), state.currency(), invoices, c.reason(), c.date(), c.by(), null));
    }

    /** Four eyes: the approver is someone other than the person who proposed the resolution. */
    private static Decision approve(DisputeCommand.ApproveResolution c, Dispute state) {
        var pending = state.pending();
        Decision wrong = checkPending(state, c.resolutionId());
        if (wrong != null) {
            return wrong;
        }
        if (pending.by() != null && c.by() != null && pending.by().subject().equals(c.by().subject())) {
            return Decision.reject(Rejection.refused("FOUR_EYES", "by", "resolution " + pending.resolutionId()
                    + " was proposed by " + c.by().subject() + "; a second person must approve it"));
        }
        return Decision.accept(new DisputesEvent.DisputeResolved(state.customerId(), state.disputeId(),
                pending.resolutionId(), pending.outcome(), pending.currency(), pending.invoices(), pending.reason(),
                c.date(), pending.by(), c.by()));
    }

    private static Decision decline(DisputeCommand.DeclineResolution c, Dispute state) {
        Decision wrong = checkPending(state, c.resolutionId());
        if (wrong != null) {
            return wrong;
        }
        return Decision.accept(new DisputesEvent.DisputeResolutionDeclined(state.customerId(), state.disputeId(),
                state.pending().resolutionId(), c.reason(), c.date(), c.by()));
    }

    private static Decision checkPending(Dispute state, String resolutionId) {
        if (state.pending() == null) {
            return Decision.reject(Rejection.wrongState("NO_PENDING_RESOLUTION", "dispute " + state.disputeId()
                    + " has no resolution waiting for approval"));
        }
        if (resolutionId != null && !resolutionId.equals(state.pending().resolutionId())) {
            return Decision.reject(Rejection.wrongState("NO_PENDING_RESOLUTION", "the resolution waiting for approval is "
                    + state.pending().resolutionId() + ", not " + resolutionId));
        }
        return null;
    }

    private static Decision close(DisputeCommand.Close c, Dispute state) {
        if (state.status() == CLOSED) {
            return Decision.accept(List.of());
        }
        if (state.status() != RESOLVED) {
            return Decision.reject(Rejection.wrongState("NOT_RESOLVED", "dispute " + state.disputeId() + " is "
                    + state.status() + "; only a resolved case is closed (withdraw one the customer took back)"));
        }
        return Decision.accept(new DisputesEvent.DisputeClosed(state.customerId(), state.disputeId(),
                DisputesEvent.Closure.RESOLVED, blankToNull(c.note()), c.date(), c.by()));
    }

    private static Decision withdraw(DisputeCommand.Withdraw c, Dispute state) {
        if (!state.status().isActive()) {
            return notActive(state, "withdrawn");
        }
        return Decision.accept(new DisputesEvent.DisputeClosed(state.customerId(), state.disputeId(),
                DisputesEvent.Closure.WITHDRAWN, blankToNull(c.note()), c.date(), c.by()));
    }

    private static Decision reopen(DisputeCommand.Reopen c, Dispute state) {
        if (state.status() != RESOLVED && state.status() != CLOSED) {
            return Decision.reject(Rejection.wrongState("NOT_RESOLVED", "dispute " + state.disputeId() + " is "
                    + state.status() + "; only a resolved or closed case is reopened"));
        }
        if (c.reason() == null || c.reason().isBlank()) {
            return Decision.reject(Rejection.invalid("MISSING_FIELD", "reason", "reason is required"));
        }
        List<DisputedInvoice> invoices;
        if (c.invoices() == null || c.invoices().isEmpty()) {
            invoices = new ArrayList<>();
            for (var entry : state.disputed().entrySet()) {
                BigDecimal left = entry.getValue().subtract(state.credited().getOrDefault(entry.getKey(), BigDecimal.ZERO));
                if (left.signum() > 0) {
                    invoices.add(new DisputedInvoice(entry.getKey(), left));
                }
            }
            if (invoices.isEmpty()) {
                return Decision.reject(Rejection.invalid("MISSING_FIELD", "invoices", "everything disputed was credited;"
                        + " name the invoices and amounts disputed anew"));
            }
        } else {
            Rejection bad = checkInvoices(c.invoices(), state.currency(), "invoices");
            if (bad != null) {
                return Decision.reject(bad);
            }
            invoices = c.invoices().stream()
                    .map(i -> new DisputedInvoice(i.invoiceId(), Money.of(i.amount(), state.currency()))).toList();
        }
        return Decision.accept(new DisputesEvent.DisputeReopened(state.customerId(), state.disputeId(), c.reason(),
                state.currency(), invoices, c.date(), c.by()));
    }

    /** Each line names an invoice once, with a positive amount in the currency's minor units. */
    static Rejection checkInvoices(List<DisputedInvoice> invoices, String currency, String field) {
        if (invoices == null || invoices.isEmpty()) {
            return Rejection.invalid("MISSING_FIELD", field, field + " must name at least one invoice");
        }
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < invoices.size(); n++) {
            DisputedInvoice line = invoices.get(n);
            String at = field + "[" + n + "]";
            if (line.invoiceId() == null || !line.invoiceId().matches("[A-Za-z0-9._:/-]{1,64}")) {
                return Rejection.invalid("INVALID_IDENTIFIER", at + ".invoiceId",
                        "invoiceId must be 1 to 64 characters from A-Z a-z 0-9 . _ : / -");
            }
            if (!seen.add(line.invoiceId())) {
                return Rejection.invalid("DUPLICATE_INVOICE", at + ".invoiceId", "invoice " + line.invoiceId()
                        + " is named twice");
            }
            if (line.amount() == null || line.amount().signum() <= 0) {
                return Rejection.invalid("INVALID_AMOUNT", at + ".amount", "amount must be greater than zero");
            }
            if (Money.tooLarge(line.amount())) {
                return Rejection.invalid("INVALID_AMOUNT", at + ".amount", "amount has more than "
                        + Money.MAX_INTEGER_DIGITS + " digits before the decimal point");
            }
            if (!Money.fits(line.amount(), currency)) {
                return Rejection.invalid("TOO_MANY_DECIMALS", at + ".amount", "amount " + line.amount()
                        + " has more decimals than " + currency + " allows");
            }
        }
        return null;
    }

    private static Decision notActive(Dispute state, String what) {
        return Decision.reject(Rejection.wrongState("DISPUTE_NOT_ACTIVE", "dispute " + state.disputeId() + " is "
                + state.status() + " and cannot be " + what));
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** The subject of an actor, or "ledgerline" for the service's own decisions; for logs and views. */
    public static String who(Actor actor) {
        return actor == null ? "ledgerline" : actor.subject();
    }
}
