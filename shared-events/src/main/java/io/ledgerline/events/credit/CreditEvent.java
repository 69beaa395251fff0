package io.ledgerline.events.credit;

import com.fasterxml.jackson.annotation.JsonFormat;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The events of a customer's credit file, as stored in credit's event store and published on
 * {@code ledgerline.credit.events} (ce_type {@code io.ledgerline.credit.<Name>.v1}), keyed by customerId.
 *
 * <p>Money is a plain decimal string with its ISO 4217 currency beside it. {@code by} names the person whose command
 * it was (absent when credit decided on its own: a scorecard within policy, a blocking rule, the daily review run).
 * Dates are business dates of credit's clock; {@code asOf} is the day a time-driven decision was taken for, so a
 * replay decides the same.
 */
public sealed interface CreditEvent extends DomainEvent {

    @Override
    String customerId();

    /**
     * A credit application (or a periodic review: {@code applicationId} names it, {@code requestedLimit} is absent)
     * decided, with everything needed to show an auditor years later how: the scorecard, each feature's points, the
     * adverse factors in words a customer can be told. {@code approvedLimit} only when {@code APPROVED}; {@code by}
     * absent when the scorecard decided within policy; {@code approvedBy} is the second person above the four-eyes
     * amount (never the same subject as {@code by}).
     */
    record CreditDecisionMade(String customerId, String applicationId, Decision decision, String scorecard, int score,
                              String riskClass, String currency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requestedLimit,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal recommendedLimit,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal approvedLimit,
                              List<FeaturePoints> featurePoints, List<AdverseFactor> adverseFactors, String reason,
                              LocalDate asOf, Actor by, Actor approvedBy) implements CreditEvent {
    }

    /**
     * The limit in one currency from {@code validFrom}. {@code oldLimit} is absent for the first limit;
     * a temporary limit ends on {@code validTo} (credit then records the limit that applies again). {@code groupId}
     * when the limit is a credit group's, recorded on the group's parent customer. {@code applicationId} when a
     * decision set it.
     */
    record CreditLimitChanged(String customerId, String currency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal oldLimit,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal newLimit,
                              LocalDate validFrom, LocalDate validTo, boolean temporary, String reason,
                              String applicationId, String groupId, Actor by) implements CreditEvent {
    }

    /**
     * New orders of the customer (or its whole credit group) are held. {@code rule} names the blocking rule that fired
     * ({@code MANUAL} when an analyst placed it), {@code sourceEvents} the events behind it (e.g. the
     * PromiseToPayBroken, the AccountEscalated).
     */
    record CreditHoldPlaced(String customerId, String holdId, String rule, String reason,
                            List<EventReference> sourceEvents, HoldScope scope, String groupId, LocalDate placedDate,
                            Actor by) implements CreditEvent {
    }

    /** A hold lifted: by policy (the account is cured, or paid down below the rule's threshold) or by an analyst. */
    record CreditHoldReleased(String customerId, String holdId, ReleaseReason reason, String note,
                              LocalDate releasedDate, Actor by) implements CreditEvent {
    }

    /**
     * The customer's risk class from {@code changedDate}; {@code oldRiskClass} is absent for the first one.
     * {@code nextReviewDate} is the periodic review the new class calls for.
     */
    record RiskClassChanged(String customerId, String oldRiskClass, String newRiskClass, Integer score,
                            String reason, String applicationId, LocalDate changedDate, LocalDate nextReviewDate,
                            Actor by) implements CreditEvent {
    }

    /**
     * An order checked before the ERP releases it (idempotent on {@code orderId}: a retry gets the same answer and
     * no second event). Exposure and limit are in {@code limitCurrency}, after conversion of every currency the
     * customer owes in; {@code exposureAfter} includes this order. {@code limit} is absent when the customer has
     * none. The order counts as exposure until {@code expiresOn} unless released, rejected, invoiced or cancelled.
     */
    record OrderCreditChecked(String customerId, String orderId, String currency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, CheckOutcome outcome,
                              List<CheckReason> reasons, String limitCurrency,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exposureBefore,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal exposureAfter,
                              @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal limit,
                              List<String> holdIds, LocalDate checkedDate, LocalDate expiresOn)
            implements CreditEvent {
    }

    /** A held order released by an analyst. */
    record OrderReleased(String customerId, String orderId, String currency,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                         LocalDate releasedDate, Actor by) implements CreditEvent {
    }

    /** A held order rejected by an analyst; it no longer counts as exposure. */
    record OrderRejected(String customerId, String orderId, String currency,
                         @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String reason,
                         LocalDate rejectedDate, Actor by) implements CreditEvent {
    }

    /**
     * A released or held order stops counting as exposure: invoiced ({@code invoiceId} of the InvoiceIssued whose
     * purchaseOrder names it), cancelled by the ERP, or expired.
     */
    record OrderClosed(String customerId, String orderId, OrderClosure closure, String invoiceId,
                       LocalDate closedDate) implements CreditEvent {
    }

    /** The customer's periodic review falls due on {@code asOf} (the daily run, or on demand, for that day). */
    record CreditReviewDue(String customerId, String riskClass, LocalDate lastReviewDate, LocalDate asOf)
            implements CreditEvent {
    }

    /**
     * A customer's credit application as received (the inputs of a decision, kept so it can be re-scored and shown
     * later): the requested limit, the financials and trade references the customer gave, and an external bureau
     * score with its date if there is one. {@code by} is the person who entered it. A CreditDecisionMade with the
     * same {@code applicationId} follows.
     */
    record CreditApplicationReceived(String customerId, String applicationId, String currency,
                                     @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal requestedLimit,
                                     Financials financials, List<TradeReference> tradeReferences,
                                     Integer bureauScore, LocalDate bureauScoreDate, LocalDate receivedDate,
                                     Actor by) implements CreditEvent {
    }

    /**
     * Four eyes: an analyst ({@code by}) approved a limit above the configured amount; it takes effect only when a
     * second person, never the same subject, confirms it (a CreditDecisionMade whose {@code approvedBy} is that
     * person) or refuses it.
     */
    record CreditApprovalRequested(String customerId, String applicationId, String currency,
                                   @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal limit, String reason,
                                   LocalDate requestedDate, Actor by) implements CreditEvent {
    }

    /**
     * A credit group: the parent ({@code customerId}) and its {@code members} share the parent's limit; their
     * exposure is summed and a hold with scope GROUP holds them all. The list is the whole membership from
     * {@code changedDate} (empty: the group is dissolved).
     */
    record CreditGroupChanged(String customerId, String groupId, List<String> members, LocalDate changedDate,
                              Actor by) implements CreditEvent {
    }

    /** What the applicant states about its business; any of it may be missing (the scorecard has a bin for that). */
    record Financials(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal annualRevenue,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal netWorth,
                      @JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal currentRatio,
                      Integer yearsInBusiness) {
    }

    /** A supplier that trades with the applicant on credit and will say how it pays. */
    record TradeReference(String company, String contact, Integer yearsKnown) {
    }

    /** One scorecard feature: what was observed, the bin it fell in, the points it gave. */
    record FeaturePoints(String feature, String value, String bin, int points) {
    }

    /** A reason that counted against the applicant: {@code code} for machines, {@code text} for the customer. */
    record AdverseFactor(String code, String text) {
    }

    /** Why an order was held or rejected (or what was checked when released): a stable code and words for people. */
    record CheckReason(String code, String text) {
    }

    enum Decision { APPROVED, DECLINED, REFERRED }

    enum HoldScope { CUSTOMER, GROUP }

    enum ReleaseReason { CURED, PAID, ANALYST }

    enum CheckOutcome { RELEASED, HELD, REJECTED }

    enum OrderClosure { INVOICED, CANCELLED, EXPIRED }
}
