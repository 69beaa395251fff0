package io.ledgerline.events.disputes;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.ingest.Contact;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The events of a customer's disputes and deductions, as stored in disputes' event store and published on
 * {@code ledgerline.disputes.events} (ce_type {@code io.ledgerline.disputes.<Name>.v1}), keyed by customerId.
 *
 * <p>One dispute is in one currency. Money is a plain decimal string. {@code by} names the person whose command it
 * was (absent when disputes decided on its own: a deduction found in a short payment, an SLA breach).
 */
public sealed interface DisputesEvent extends DomainEvent {

    @Override
    String customerId();

    /**
     * A case opened by a person, or automatically ({@code DEDUCTION}) when {@code sourcePaymentId}'s remittance left
     * an invoice short beyond tolerance. receivables marks each invoice's disputed amount (InvoiceDisputed); it stays
     * owed but is not delinquent.
     */
    record DisputeOpened(String customerId, String disputeId, DisputeKind kind, String reasonCode, String description,
                         String currency, List<DisputedInvoice> invoices, String sourcePaymentId, Contact contact,
                         LocalDate openedDate, LocalDate slaDueDate, Actor by) implements DisputesEvent {
    }

    /** The case's owner, chosen by reason code and amount ({@code by} absent) or by a lead with a reason. */
    record DisputeAssigned(String customerId, String disputeId, String owner, String previousOwner, String reason,
                           LocalDate assignedDate, Actor by) implements DisputesEvent {
    }

    /** The case escalated: its SLA breached on {@code asOf} (automatic), or by a person. */
    record DisputeEscalated(String customerId, String disputeId, EscalationCause cause, String escalatedTo,
                            String reason, LocalDate slaDueDate, LocalDate asOf, Actor by) implements DisputesEvent {
    }

    /**
     * The case decided. Each invoice says what was disputed and what credit to post ({@code creditAmount} zero when
     * none; {@code creditNoteId} present exactly when there is a credit, for receivables to post as a CreditNoteIssued
     * naming the dispute, once: a redelivery finds the credit note already there). receivables then lifts every
     * invoice's mark (InvoiceDisputeCleared). {@code resolutionId} is unique per resolution, also after a reopen.
     * {@code approvedBy} is the second person above the approval amount.
     */
    record DisputeResolved(String customerId, String disputeId, String resolutionId, Outcome outcome, String currency,
                           List<ResolvedInvoice> invoices, String reason, LocalDate resolvedDate, Actor by,
                           Actor approvedBy) implements DisputesEvent {
    }

    /**
     * The case is closed. {@code WITHDRAWN} closes it without a resolution (the customer took it back): receivables
     * lifts any mark still on its invoices, with no credit.
     */
    record DisputeClosed(String customerId, String disputeId, Closure closure, String note, LocalDate closedDate,
                         Actor by) implements DisputesEvent {
    }

    /** A resolved or closed case opened again, with the amounts disputed anew; receivables marks them again. */
    record DisputeReopened(String customerId, String disputeId, String reason, String currency,
                           List<DisputedInvoice> invoices, LocalDate reopenedDate, Actor by) implements DisputesEvent {
    }

    /**
     * An analyst took the case up: it moves from OPEN (or REOPENED, ESCALATED) to IN_REVIEW. Readers other than
     * disputes' own reports may ignore it.
     */
    record DisputeReviewStarted(String customerId, String disputeId, LocalDate startedDate, Actor by)
            implements DisputesEvent {
    }

    /** A note on the case, with who wrote it and when; {@code noteId} is unique within the case. */
    record DisputeNoteAdded(String customerId, String disputeId, String noteId, String text, LocalDate addedDate,
                            Actor by) implements DisputesEvent {
    }

    /**
     * Evidence attached to the case (a delivery note, a photo). The content stays in disputes' database; the event
     * carries what identifies it: name, content type, size in bytes and SHA-256 (hex) of the content.
     */
    record DisputeEvidenceAttached(String customerId, String disputeId, String evidenceId, String fileName,
                                   String contentType, long sizeBytes, String sha256, String description,
                                   LocalDate attachedDate, Actor by) implements DisputesEvent {
    }

    /**
     * A resolution whose credit is above the approval amount, waiting for a second person: nothing is posted until
     * it is approved (then DisputeResolved names both people) or declined (DisputeResolutionDeclined).
     */
    record DisputeResolutionProposed(String customerId, String disputeId, String resolutionId, Outcome outcome,
                                     String currency, List<ResolvedInvoice> invoices, String reason,
                                     LocalDate proposedDate, Actor by) implements DisputesEvent {
    }

    /** The second person declined a proposed resolution; the case is back in review. */
    record DisputeResolutionDeclined(String customerId, String disputeId, String resolutionId, String reason,
                                     LocalDate declinedDate, Actor by) implements DisputesEvent {
    }

    /** An invoice and the part of it that is disputed. */
    record DisputedInvoice(String invoiceId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    /** An invoice of a resolved dispute: what was disputed and what is credited. */
    record ResolvedInvoice(String invoiceId, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal disputedAmount,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal creditAmount,
                           String creditNoteId) {
    }

    enum DisputeKind { DISPUTE, DEDUCTION }

    enum Outcome { ACCEPTED, PARTIALLY_ACCEPTED, REJECTED }

    enum EscalationCause { SLA_BREACHED, MANUAL }

    enum Closure { RESOLVED, WITHDRAWN }
}
