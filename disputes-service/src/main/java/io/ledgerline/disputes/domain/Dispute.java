package io.ledgerline.disputes.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.disputes.DisputesEvent.DisputeKind;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.ResolvedInvoice;
import io.ledgerline.events.ingest.Contact;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One dispute or deduction case as its events tell it. Immutable: {@link #evolve} answers a new state. A case that
 * was never opened is {@link #NONE}.
 *
 * @param disputed     per invoice, the amount disputed in the current round (since the last open or reopen)
 * @param credited     per invoice, every credit granted by the case's resolutions so far
 * @param slaStart     the day the current round's SLA counts from (opened or reopened)
 * @param slaDueDate   the current round's SLA due date when the event that started it said so (null after a reopen:
 *                     then it is the policy's SLA counted from {@code slaStart})
 * @param pending      a resolution waiting for a second person's approval, or null
 * @param resolutions  how many resolution ids were handed out (proposed or resolved), so each one is new
 * @param creditedWithoutApproval what the case's resolutions credited on one person's word (no second person
 *                     approved them), over every round: four eyes hold for the case, not for each resolution
 */
public record Dispute(String disputeId, String customerId, DisputeKind kind, String reasonCode, String description,
                      String currency, Map<String, BigDecimal> disputed, Map<String, BigDecimal> credited,
                      String sourcePaymentId, Contact contact, LocalDate openedDate, LocalDate slaStart,
                      LocalDate slaDueDate, String owner, DisputeStatus status, boolean escalated,
                      DisputesEvent.DisputeResolutionProposed pending, int resolutions,
                      DisputesEvent.DisputeResolved lastResolution, LocalDate firstResolvedDate, int notes,
                      int evidence, Actor openedBy, BigDecimal creditedWithoutApproval) {

    public static final Dispute NONE = new Dispute(null, null, null, null, null, null, Map.of(), Map.of(), null, null,
            null, null, null, null, null, false, null, 0, null, null, 0, 0, null, BigDecimal.ZERO);

    public Dispute {
        disputed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(disputed));
        credited = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(credited));
    }

    public boolean exists() {
        return status != null;
    }

    public BigDecimal disputedTotal() {
        return disputed.values().stream().reduce(Money.zero(currency), BigDecimal::add);
    }

    public BigDecimal creditedTotal() {
        return credited.values().stream().reduce(Money.zero(currency), BigDecimal::add);
    }

    /** What the case disputes now: its round's amounts while it is active, nothing once resolved or closed. */
    public Map<String, BigDecimal> activeDisputed() {
        return status != null && status.isActive() ? disputed : Map.of();
    }

    /**
     * How the disputed part of each invoice moves from {@code before} to {@code after}: what receivables' copy and
     * the deduction detector count as already disputed.
     */
    public static Map<String, BigDecimal> disputedChange(Dispute before, Dispute after) {
        Map<String, BigDecimal> change = new LinkedHashMap<>();
        after.activeDisputed().forEach((invoice, amount) -> change.merge(invoice, amount, BigDecimal::add));
        before.activeDisputed().forEach((invoice, amount) -> change.merge(invoice, amount.negate(), BigDecimal::add));
        change.values().removeIf(amount -> amount.signum() == 0);
        return change;
    }

    public List<DisputedInvoice> disputedInvoices() {
        List<DisputedInvoice> invoices = new ArrayList<>();
        disputed.forEach((id, amount) -> invoices.add(new DisputedInvoice(id, amount)));
        return invoices;
    }

    public Dispute evolve(DisputesEvent event) {
        return switch (event) {
            case DisputesEvent.DisputeOpened e -> {
                Map<String, BigDecimal> amounts = new LinkedHashMap<>();
                e.invoices().forEach(i -> amounts.merge(i.invoiceId(), i.amount(), BigDecimal::add));
                yield new Dispute(e.disputeId(), e.customerId(), e.kind(), e.reasonCode(), e.description(),
                        e.currency(), amounts, Map.of(), e.sourcePaymentId(), e.contact(), e.openedDate(),
                        e.openedDate(), e.slaDueDate(), owner, DisputeStatus.OPEN, false, null, 0, null, null, 0, 0,
                        e.by(), BigDecimal.ZERO);
            }
            case DisputesEvent.DisputeAssigned e -> with(status, e.owner(), escalated, pending, resolutions,
                    lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeReviewStarted e -> with(DisputeStatus.IN_REVIEW, owner, escalated, pending,
                    resolutions, lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeEscalated e -> with(DisputeStatus.ESCALATED, owner, true, pending, resolutions,
                    lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeNoteAdded e -> new Dispute(disputeId, customerId, kind, reasonCode, description,
                    currency, disputed, credited, sourcePaymentId, contact, openedDate, slaStart, slaDueDate, owner,
                    status, escalated, pending, resolutions, lastResolution, firstResolvedDate, notes + 1, evidence,
                    openedBy, creditedWithoutApproval);
            case DisputesEvent.DisputeEvidenceAttached e -> new Dispute(disputeId, customerId, kind, reasonCode,
                    description, currency, disputed, credited, sourcePaymentId, contact, openedDate, slaStart,
                    slaDueDate, owner, status, escalated, pending, resolutions, lastResolution, firstResolvedDate,
                    notes, evidence + 1, openedBy, creditedWithoutApproval);
            case DisputesEvent.DisputeResolutionProposed e -> with(status, owner, escalated, e, resolutions + 1,
                    lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeResolutionDeclined e -> with(DisputeStatus.IN_REVIEW, owner, escalated, null,
                    resolutions, lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeResolved e -> {
                Map<String, BigDecimal> credits = new LinkedHashMap<>(credited);
                BigDecimal alone = creditedWithoutApproval;
                for (ResolvedInvoice invoice : e.invoices()) {
                    credits.merge(invoice.invoiceId(), invoice.creditAmount(), BigDecimal::add);
                    if (e.approvedBy() == null) {
                        alone = alone.add(invoice.creditAmount());
                    }
                }
                // A resolution that was proposed first already took its id.
                int ids = pending != null && pending.resolutionId().equals(e.resolutionId()) ? resolutions
                        : resolutions + 1;
                yield new Dispute(disputeId, customerId, kind, reasonCode, description, currency, disputed, credits,
                        sourcePaymentId, contact, openedDate, slaStart, slaDueDate, owner, DisputeStatus.RESOLVED,
                        escalated, null, ids, e, firstResolvedDate == null ? e.resolvedDate() : firstResolvedDate,
                        notes, evidence, openedBy, alone);
            }
            case DisputesEvent.DisputeClosed e -> with(DisputeStatus.CLOSED, owner, escalated, null, resolutions,
                    lastResolution, firstResolvedDate);
            case DisputesEvent.DisputeReopened e -> {
                Map<String, BigDecimal> amounts = new LinkedHashMap<>();
                e.invoices().forEach(i -> amounts.merge(i.invoiceId(), i.amount(), BigDecimal::add));
                yield new Dispute(disputeId, customerId, kind, reasonCode, description, currency, amounts, credited,
                        sourcePaymentId, contact, openedDate, e.reopenedDate(), null, owner, DisputeStatus.REOPENED,
                        false, null, resolutions, lastResolution, firstResolvedDate, notes, evidence, openedBy,
                        creditedWithoutApproval);
            }
        };
    }

    private Dispute with(DisputeStatus newStatus, String newOwner, boolean newEscalated,
                         DisputesEvent.DisputeResolutionProposed newPending, int newResolutions,
                         DisputesEvent.DisputeResolved newLast, LocalDate newFirstResolved) {
        return new Dispute(disputeId, customerId, kind, reasonCode, description, currency, disputed, credited,
                sourcePaymentId, contact, openedDate, slaStart, slaDueDate, newOwner, newStatus, newEscalated,
                newPending, newResolutions, newLast, newFirstResolved, notes, evidence, openedBy,
                creditedWithoutApproval);
    }

    public static Dispute replay(List<? extends DisputesEvent> events) {
        Dispute state = NONE;
        for (DisputesEvent event : events) {
            state = state.evolve(event);
        }
        return state;
    }
}
