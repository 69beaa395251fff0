package io.ledgerline.disputes.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.disputes.DisputesEvent.DisputedInvoice;
import io.ledgerline.events.disputes.DisputesEvent.Outcome;
import io.ledgerline.events.ingest.Contact;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * What people (and the service's own rules) ask of a case. {@code date} is the business date it is decided on;
 * {@code by} the authenticated person, null for the service's own decisions (a deduction, an SLA breach).
 */
public sealed interface DisputeCommand {

    String disputeId();

    /** A person opens a case for a customer's invoices; the service has checked the invoices against its copy. */
    record OpenDispute(String disputeId, String customerId, String reasonCode, String description, String currency,
                       List<DisputedInvoice> invoices, Contact contact, LocalDate date, Actor by)
            implements DisputeCommand {
    }

    /** A remittance line left {@code invoiceId} short by {@code shortfall}: a deduction case, opened by the service. */
    record OpenDeduction(String disputeId, String customerId, String invoiceId, String paymentId, String currency,
                         BigDecimal shortfall, BigDecimal remitted, LocalDate date) implements DisputeCommand {
    }

    record StartReview(String disputeId, LocalDate date, Actor by) implements DisputeCommand {
    }

    record Assign(String disputeId, String owner, String reason, LocalDate date, Actor by) implements DisputeCommand {
    }

    /** A person escalates the case to {@code to}. */
    record Escalate(String disputeId, String to, String reason, LocalDate date, Actor by) implements DisputeCommand {
    }

    /** The SLA run: escalate the case if its SLA was breached by {@code asOf}. */
    record CheckSla(String disputeId, LocalDate asOf) implements DisputeCommand {
    }

    record AddNote(String disputeId, String text, LocalDate date, Actor by) implements DisputeCommand {
    }

    /** Evidence whose content the service has checked (type, size) and stored under {@code evidenceId}. */
    record AttachEvidence(String disputeId, String evidenceId, String fileName, String contentType, long sizeBytes,
                          String sha256, String description, LocalDate date, Actor by) implements DisputeCommand {
    }

    /**
     * Decide the case. {@code credits} names the credit per invoice; for ACCEPTED it may be left out (everything
     * disputed is credited), for REJECTED it must be.
     */
    record Resolve(String disputeId, Outcome outcome, List<InvoiceCredit> credits, String reason, LocalDate date,
                   Actor by) implements DisputeCommand {
    }

    record InvoiceCredit(String invoiceId, BigDecimal creditAmount) {
    }

    record ApproveResolution(String disputeId, String resolutionId, LocalDate date, Actor by)
            implements DisputeCommand {
    }

    record DeclineResolution(String disputeId, String resolutionId, String reason, LocalDate date, Actor by)
            implements DisputeCommand {
    }

    /** A resolved case is closed (the customer was told). */
    record Close(String disputeId, String note, LocalDate date, Actor by) implements DisputeCommand {
    }

    /** The customer took the dispute back: closed without a resolution, the marks lifted without credit. */
    record Withdraw(String disputeId, String note, LocalDate date, Actor by) implements DisputeCommand {
    }

    /**
     * A resolved or closed case opened again; {@code invoices} null disputes anew what was disputed and not credited.
     */
    record Reopen(String disputeId, String reason, List<DisputedInvoice> invoices, LocalDate date, Actor by)
            implements DisputeCommand {
    }
}
