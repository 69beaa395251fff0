package io.ledgerline.events.collections;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.ingest.Contact;
import io.ledgerline.events.receivables.ReceivablesEvent.CurrencyAmount;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The events of a customer's collection work, as stored in collections' event store and published on
 * {@code ledgerline.collections.events} (ce_type {@code io.ledgerline.collections.<Name>.v1}), keyed by customerId.
 *
 * <p>Money is a plain decimal string with its ISO 4217 currency beside it. {@code by} names the person whose command
 * it was (absent when collections decided on its own: the dunning run, a consumed event). Time-driven outcomes carry
 * the {@code asOf} business date they were decided for, so a replay decides the same.
 */
public sealed interface CollectionsEvent extends DomainEvent {

    @Override
    String customerId();

    /** A case opened on the first AccountDelinquent ({@code sourceEvent}), with what was past due then. */
    record CollectionCaseOpened(String customerId, String caseId, String strategy, int daysPastDue,
                                List<CurrencyAmount> pastDueAmounts, EventReference sourceEvent, LocalDate asOf)
            implements CollectionsEvent {
    }

    /** The case given to a collector: by the portfolio rules ({@code by} absent) or by a team lead, with a reason. */
    record CollectionCaseAssigned(String customerId, String caseId, String collector, String previousCollector,
                                  String reason, LocalDate assignedDate, Actor by) implements CollectionsEvent {
    }

    /** The case ends: {@code CURED} on AccountCured, or after write-off, hand-over, or by a collector. */
    record CollectionCaseClosed(String customerId, String caseId, CaseClosure reason, String note, LocalDate asOf,
                                Actor by) implements CollectionsEvent {
    }

    /** The case reached a level of its dunning strategy on {@code asOf}, at {@code daysPastDue}. */
    record DunningLevelReached(String customerId, String caseId, String strategy, int level, String levelName,
                               int daysPastDue, LocalDate asOf) implements CollectionsEvent {
    }

    /**
     * A dunning letter or e-mail produced: the items it lists (never a disputed, held or paid amount), the totals per
     * currency, to whom and how. The document itself is kept by collections under {@code letterId}.
     */
    record DunningLetterIssued(String customerId, String caseId, String letterId, int level, List<DunnedItem> items,
                               List<CurrencyAmount> totals, LetterChannel channel, Contact recipient,
                               String language, LocalDate issuedDate) implements CollectionsEvent {
    }

    /**
     * Dunning stops for the scope from {@code from} (may lie in the past: collectors learn late) until {@code to},
     * or until DunningResumed when {@code to} is absent. {@code invoiceId} for an invoice or part of one,
     * {@code amount} and {@code currency} for part of one. {@code reasonCode} is from the catalogue (e.g. DISPUTE,
     * PROMISE_TO_PAY, PAYMENT_PLAN, HARDSHIP, LEGAL); {@code sourceId} is the disputeId, promiseId or planId behind it.
     */
    record DunningPaused(String customerId, String holdId, String caseId, PauseScope scope, String invoiceId,
                         String currency, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount,
                         String reasonCode, String sourceId, String note, LocalDate from, LocalDate to, Actor by)
            implements CollectionsEvent {
    }

    /** A pause ends: expired on its date, its cause gone (dispute resolved, promise or plan broken), or by a person. */
    record DunningResumed(String customerId, String holdId, String caseId, PauseScope scope, String invoiceId,
                          String reasonCode, LocalDate resumedDate, Actor by) implements CollectionsEvent {
    }

    /** A contact with the customer, in or out, as it happened. */
    record ContactLogged(String customerId, String contactId, String caseId, ContactChannel channel,
                         ContactDirection direction, ContactOutcome outcome, Instant contactedAt, String contactName,
                         String notes, Actor by) implements CollectionsEvent {
    }

    /** The customer promised to pay {@code amount} by {@code dueDate}, against the named invoices if any. */
    record PromiseToPayMade(String customerId, String promiseId, String caseId, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, LocalDate dueDate,
                            List<String> invoiceIds, String contactId, LocalDate madeDate, Actor by)
            implements CollectionsEvent {
    }

    /** By due date + grace at least the threshold share was paid; {@code paymentIds} are the payments counted. */
    record PromiseToPayKept(String customerId, String promiseId, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal promised,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paid,
                            List<String> paymentIds, LocalDate asOf) implements CollectionsEvent {
    }

    /** By due date + grace less than the threshold share was paid: {@code shortfall} = promised − paid. */
    record PromiseToPayBroken(String customerId, String promiseId, String currency, LocalDate dueDate,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal promised,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paid,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal shortfall,
                              List<String> paymentIds, LocalDate asOf) implements CollectionsEvent {
    }

    /** Instalments agreed with the customer for the named invoices; {@code total} is their sum. */
    record PaymentPlanAgreed(String customerId, String planId, String caseId, String currency,
                             @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal total,
                             List<Instalment> instalments, List<String> invoiceIds, LocalDate agreedDate, Actor by)
            implements CollectionsEvent {
    }

    /** An instalment not paid in full by its due date + grace; {@code missedSoFar} counts this plan's misses. */
    record InstalmentMissed(String customerId, String planId, int instalment, LocalDate dueDate, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal due,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal paid,
                            int missedSoFar, LocalDate asOf) implements CollectionsEvent {
    }

    /** The plan is broken after the configured number of misses; the case resumes dunning. */
    record PaymentPlanBroken(String customerId, String planId, int missedInstalments, LocalDate asOf)
            implements CollectionsEvent {
    }

    /** The account handed to a collection agency or to legal, with the hand-over file. */
    record AccountEscalated(String customerId, String caseId, EscalationTarget to, String handedTo, String reason,
                            Handover handover, LocalDate escalatedDate, Actor by) implements CollectionsEvent {
    }

    /**
     * Collections asks receivables to write off part or all of an invoice; a supervisor approves it there (an
     * InvoiceWrittenOff whose writeOffId is this proposalId) or declines it (WriteOffProposalDeclined).
     * {@code by} is the proposer; absent when the dunning strategy's last level proposed it.
     */
    record WriteOffProposed(String customerId, String proposalId, String caseId, String invoiceId, String currency,
                            @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                            LocalDate proposedDate, Actor by) implements CollectionsEvent {
    }

    /**
     * The customer's wishes on how it may be contacted, as last received (each replaces the one before): a written
     * request to cease communication ({@code ceaseCommunication}, after which only the messages the contact rules
     * allow go out) and the channels it opted out of.
     */
    record ContactPreferencesChanged(String customerId, boolean ceaseCommunication,
                                     List<ContactChannel> optedOutChannels, LocalDate receivedDate, String note,
                                     Actor by) implements CollectionsEvent {
    }

    /**
     * A contact the contact rules forbid, made all the same on a supervisor's word ({@code by}) with a reason:
     * {@code pack} is the policy pack, {@code rules} the rules that refused it, {@code contactId} the contact it allowed.
     */
    record ContactRuleOverridden(String customerId, String caseId, String contactId, String pack, List<String> rules,
                                 String reason, Instant contactAt, Actor by) implements CollectionsEvent {
    }

    /**
     * A customer's inquiry ({@code contactId}, received {@code receivedAt}) had no answer by {@code dueAt}, the end of
     * its response window; decided by the run for {@code asOf}.
     */
    record InquiryResponseOverdue(String customerId, String caseId, String contactId, Instant receivedAt,
                                  Instant dueAt, LocalDate asOf) implements CollectionsEvent {
    }

    /**
     * A call for the case's collector to make by {@code dueDate}: a level of the strategy asks for one
     * ({@code LEVEL_ACTION}), or a written step could not go out ({@code EMAIL_BOUNCED}, {@code NO_RECIPIENT}).
     */
    record CallTaskCreated(String customerId, String caseId, String taskId, int level, String reason,
                           LocalDate dueDate) implements CollectionsEvent {
    }

    /** One item a letter asks for: what is open and dunned on the invoice (disputed and held parts left out). */
    record DunnedItem(String invoiceId, LocalDate dueDate, int daysPastDue, String currency,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    /** One instalment of a payment plan, numbered from 1. */
    record Instalment(int number, LocalDate dueDate, @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount) {
    }

    /**
     * What an agency or lawyer needs to take the account over: the open items, the totals, whom to contact, the
     * promises made and the contacts had so far.
     */
    record Handover(List<DunnedItem> items, List<CurrencyAmount> totals, List<Contact> contacts,
                    List<String> promiseIds, int brokenPromises, LocalDate lastContactDate) {
    }

    enum CaseClosure { CURED, WRITTEN_OFF, HANDED_OVER, COLLECTOR }

    enum LetterChannel { LETTER, EMAIL }

    enum PauseScope { ACCOUNT, INVOICE, PART_OF_INVOICE }

    enum ContactChannel { PHONE, EMAIL, LETTER, SMS, VISIT }

    enum ContactDirection { OUTBOUND, INBOUND }

    enum ContactOutcome { REACHED, LEFT_MESSAGE, NO_ANSWER, REFUSED, WRONG_PARTY, DELIVERED, BOUNCED }

    enum EscalationTarget { AGENCY, LEGAL }
}
