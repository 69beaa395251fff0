package io.ledgerline.events.receivables;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The domain events of a customer's receivables account, as stored in receivables' event store and
 * published on {@code ledgerline.receivables.events} (ce_type {@code io.ledgerline.receivables.<Name>.v1}).
 *
 * <p>Money is always a plain decimal string with its ISO 4217 currency beside it, exactly as in the
 * ingest contract, so any consumer can read it without a Java deserializer.
 */
public sealed interface ReceivablesEvent extends DomainEvent {

    @Override
    String customerId();

    /** Customer master data as last received; the newest snapshot wins. */
    record CustomerUpdated(String customerId, String name, String countryCode, String timeZone,
                           Integer paymentTermsDays, String currency, List<Contact> contacts) implements ReceivablesEvent {
    }

    record InvoiceIssued(String customerId, String invoiceId, LocalDate issueDate, LocalDate dueDate, String currency,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                         String purchaseOrder, String description) implements ReceivablesEvent {
    }

    record InvoiceCancelled(String customerId, String invoiceId, LocalDate cancelledDate, String reason)
            implements ReceivablesEvent {
    }

    /** A credit granted by the ERP; {@code invoiceId} is the invoice it was granted against, if any. */
    record CreditNoteIssued(String customerId, String creditNoteId, LocalDate issueDate, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                            String invoiceId, String reason) implements ReceivablesEvent {
    }

    /** Money received; {@code allocations} is the payer's remittance advice as sent, applied or not. */
    record PaymentReceived(String customerId, String paymentId, LocalDate receivedDate, String currency,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                           PaymentMethod method, String reference, List<PaymentAllocation> allocations)
            implements ReceivablesEvent {
    }

    /**
     * Part of a payment or credit note applied to one invoice. {@code rule} says which cash-application
     * step matched, so every applied cent can be explained.
     */
    record PaymentApplied(String customerId, SourceKind sourceKind, String sourceId, String invoiceId,
                          String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                          LocalDate appliedDate, ApplicationRule rule, String appliedBy) implements ReceivablesEvent {

        /** An application made by cash application itself, not by a clerk. */
        public PaymentApplied(String customerId, SourceKind sourceKind, String sourceId, String invoiceId,
                              String currency, BigDecimal amount, LocalDate appliedDate, ApplicationRule rule) {
            this(customerId, sourceKind, sourceId, invoiceId, currency, amount, appliedDate, rule, null);
        }
    }

    /**
     * An earlier application taken back; the amount is open on the invoice and unapplied on the source again.
     * {@code unappliedBy} names the clerk who did it; it is absent when cash application moved the money itself.
     */
    record PaymentUnapplied(String customerId, SourceKind sourceKind, String sourceId, String invoiceId,
                            String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                            LocalDate unappliedDate, String reason, String unappliedBy) implements ReceivablesEvent {

        public PaymentUnapplied(String customerId, SourceKind sourceKind, String sourceId, String invoiceId,
                                String currency, BigDecimal amount, LocalDate unappliedDate, String reason) {
            this(customerId, sourceKind, sourceId, invoiceId, currency, amount, unappliedDate, reason, null);
        }
    }

    /** A payment bounced or was recalled: every application it had is undone (each by a PaymentUnapplied before it). */
    record PaymentReturned(String customerId, String paymentId, LocalDate returnedDate, String currency,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                           String reasonCode, String reason) implements ReceivablesEvent {
    }

    /** A clerk's adjustment: a positive amount raises what the invoice asks for, a negative one lowers it. */
    record InvoiceAdjusted(String customerId, String invoiceId, String adjustmentId, String currency,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                           LocalDate adjustedDate, String reason, String adjustedBy) implements ReceivablesEvent {
    }

    /**
     * Part or all of an invoice's open amount written off: by a person in a role, or automatically as a small balance
     * within the currency's tolerance. The invoice shows it; it never silently becomes zero. {@code reasonCode} is
     * from the deployment's catalogue (statements show its customer-facing text; {@code reason} is the internal note).
     * A write-off that needed approval names its {@code requestId} and who approved it ({@code approvedBy}, never
     * the same person as {@code writtenOffBy}, who asked for it).
     */
    record InvoiceWrittenOff(String customerId, String invoiceId, String writeOffId, String currency,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                             LocalDate writtenOffDate, String reason, String writtenOffBy, boolean automatic,
                             String role, String reasonCode, String requestId, String approvedBy)
            implements ReceivablesEvent {

        /** Written off at once, without an approval. */
        public InvoiceWrittenOff(String customerId, String invoiceId, String writeOffId, String currency,
                                 BigDecimal amount, LocalDate writtenOffDate, String reason, String writtenOffBy,
                                 boolean automatic, String role, String reasonCode) {
            this(customerId, invoiceId, writeOffId, currency, amount, writtenOffDate, reason, writtenOffBy, automatic,
                    role, reasonCode, null, null);
        }
    }

    /**
     * A write-off someone may not make alone (above their limit, or an invoice not yet due without a supervisor):
     * it waits for a different person in an approving role. Nothing changes on the invoice until then.
     * {@code approvalNeeded} says why (ABOVE_LIMIT, NOT_YET_DUE); {@code requestedBySubject} is the token subject
     * the four-eyes check compares.
     */
    record WriteOffRequested(String customerId, String requestId, String invoiceId, String currency,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, LocalDate requestedDate,
                             String reasonCode, String reason, String requestedBy, String requestedBySubject,
                             String role, List<String> approvalNeeded) implements ReceivablesEvent {
    }

    record InvoiceWriteOffReversed(String customerId, String invoiceId, String writeOffId, String currency,
                                   @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                   LocalDate reversedDate, String reason, String reversedBy)
            implements ReceivablesEvent {
    }

    /** How this customer's cash that no remittance, reference or exact amount placed is applied from now on. */
    record CashApplicationPolicyChanged(String customerId, RemainderPolicy policy, LocalDate changedDate,
                                        String changedBy) implements ReceivablesEvent {
    }

    /** The account has items past due beyond the grace period, or moved to a worse aging bucket. */
    record AccountDelinquent(String customerId, LocalDate asOf, LocalDate oldestDueDate, int daysPastDue,
                             List<CurrencyAmount> pastDueAmounts, String bucket) implements ReceivablesEvent {
    }

    /** Nothing is past due beyond the grace period any more. */
    record AccountCured(String customerId, LocalDate asOf) implements ReceivablesEvent {
    }

    /**
     * Part of an invoice is disputed (disputes' DisputeOpened or DisputeReopened {@code disputeId}): it stays owed but
     * does not count toward delinquency until InvoiceDisputeCleared.
     */
    record InvoiceDisputed(String customerId, String invoiceId, String disputeId, String currency,
                           @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, LocalDate disputedDate)
            implements ReceivablesEvent {
    }

    /**
     * The dispute's mark on the invoice is lifted (the dispute resolved or withdrawn). {@code creditNoteId} names the
     * credit note posted for the resolution ({@code resolutionId}), when there was a credit; what is left of
     * {@code amount} is owed as before.
     */
    record InvoiceDisputeCleared(String customerId, String invoiceId, String disputeId, String currency,
                                 @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                                 String resolutionId, String creditNoteId, LocalDate clearedDate)
            implements ReceivablesEvent {
    }

    /**
     * Collections' WriteOffProposed, pending here until a supervisor approves it (an InvoiceWrittenOff whose
     * writeOffId is the {@code proposalId}) or declines it (WriteOffProposalDeclined). {@code proposedBy} is absent
     * when collections' strategy proposed it.
     */
    record WriteOffProposalReceived(String customerId, String proposalId, String invoiceId, String currency,
                                    @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                                    String caseId, LocalDate receivedDate, Actor proposedBy)
            implements ReceivablesEvent {
    }

    /** A supervisor declined a pending write-off proposal; nothing was written off. */
    record WriteOffProposalDeclined(String customerId, String proposalId, String invoiceId, String reason,
                                    LocalDate declinedDate, Actor by) implements ReceivablesEvent {
    }

    /** An amount in one currency; an account may owe in several. */
    record CurrencyAmount(String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    enum SourceKind { PAYMENT, CREDIT_NOTE }

    /** What cash application does with money nothing else placed: pay the oldest due date first, or leave it. */
    enum RemainderPolicy { OLDEST_FIRST, LEAVE_UNAPPLIED }

    /** Which cash-application step matched, in the order they are tried. */
    enum ApplicationRule { REMITTANCE, REFERENCE, EXACT_AMOUNT, OLDEST_FIRST, CREDIT_NOTE_INVOICE, MANUAL }
}
