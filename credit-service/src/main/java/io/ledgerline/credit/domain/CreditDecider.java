package io.ledgerline.credit.domain;

import io.ledgerline.credit.domain.CreditCommand.CancelOrder;
import io.ledgerline.credit.domain.CreditCommand.ChangeLimit;
import io.ledgerline.credit.domain.CreditCommand.CheckOrder;
import io.ledgerline.credit.domain.CreditCommand.ConfirmApproval;
import io.ledgerline.credit.domain.CreditCommand.DecideApplication;
import io.ledgerline.credit.domain.CreditCommand.DefineGroup;
import io.ledgerline.credit.domain.CreditCommand.PlaceHold;
import io.ledgerline.credit.domain.CreditCommand.RejectOrder;
import io.ledgerline.credit.domain.CreditCommand.ReleaseHold;
import io.ledgerline.credit.domain.CreditCommand.ReleaseOrder;
import io.ledgerline.credit.domain.CreditCommand.RunDay;
import io.ledgerline.credit.domain.CreditCommand.SubmitApplication;
import io.ledgerline.credit.domain.CreditFile.Application;
import io.ledgerline.credit.domain.CreditFile.ApplicationStatus;
import io.ledgerline.credit.domain.CreditFile.LimitInForce;
import io.ledgerline.credit.domain.CreditFile.OrderStatus;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.credit.CreditEvent.CheckReason;
import io.ledgerline.events.credit.CreditEvent.CreditApplicationReceived;
import io.ledgerline.events.credit.CreditEvent.CreditDecisionMade;
import io.ledgerline.events.credit.CreditEvent.CreditHoldPlaced;
import io.ledgerline.events.credit.CreditEvent.CreditHoldReleased;
import io.ledgerline.events.credit.CreditEvent.CreditLimitChanged;
import io.ledgerline.events.credit.CreditEvent.HoldScope;
import io.ledgerline.events.credit.CreditEvent.ReleaseReason;
import io.ledgerline.events.receivables.ReceivablesEvent;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Decides everything credit decides, as pure functions of a customer's {@link CustomerCredit}, the command or the
 * consumed events, and the {@link CreditPolicy}: applications and their scoring, four eyes, limits, holds, order checks,
 * the day's time-driven decisions, and the reactions to other services' events.
 *
 * <p>{@link #handle} and {@link #observe} fold what they decide into the state they were given (a refused command
 * changes nothing), so a decision later in the same call (a blocking rule weighed after a new limit) sees it.
 */
public final class CreditDecider {

    /** A hold placed by an analyst. */
    public static final String MANUAL = BlockingRule.MANUAL.name();

    private CreditDecider() {
    }

    /** The credit group around a customer, for order checks: the parent (holder of the group's limit) and members. */
    public record GroupContext(String groupId, CustomerCredit parent, List<CustomerCredit> members) {

        /** The same group with {@code parent} (a working copy of it) in place of the parent. */
        public GroupContext withParent(CustomerCredit parent) {
            return new GroupContext(groupId, parent, members.stream()
                    .filter(m -> !m.customerId().equals(parent.customerId())).toList());
        }

        public List<CustomerCredit> everyone() {
            Map<String, CustomerCredit> all = new LinkedHashMap<>();
            all.put(parent.customerId(), parent);
            members.forEach(m -> all.putIfAbsent(m.customerId(), m));
            return List.copyOf(all.values());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands

    /** Decides a command and folds its events (and any blocking rule they set off) into {@code credit}. */
    public static Decision handle(CreditCommand command, CustomerCredit credit, GroupContext group,
                                  CreditPolicy policy) {
        Decision decision = decide(command, credit, group, policy);
        if (!(decision instanceof Decision.Accepted accepted)
                || (accepted.isRepeat() && !(command instanceof RunDay))) {
            // A day with nothing else to decide still weighs the rules: amounts age.
            return decision;
        }
        List<CreditEvent> events = new ArrayList<>(accepted.events());
        events.forEach(credit.file()::evolve);
        boolean reweigh = switch (command) {
            case ChangeLimit c -> true;
            case SubmitApplication c -> true;
            case DecideApplication c -> true;
            case ConfirmApproval c -> true;
            case ReleaseOrder c -> true;
            case RejectOrder c -> true;
            case CancelOrder c -> true;
            case RunDay c -> true;
            default -> false;
        };
        if (reweigh) {
            events.addAll(weigh(credit, policy, command.asOf()));
        }
        if ((reweigh || command instanceof DefineGroup) && group != null
                && group.parent().customerId().equals(credit.customerId())) {
            // The parent's limit, class or day changed, or the group itself: the group's rules are weighed again.
            events.addAll(weighGroup(group.withParent(credit), policy, command.asOf()));
        }
        return Decision.accept(events);
    }

    /** What a command would record, without changing {@code credit}. */
    public static Decision decide(CreditCommand command, CustomerCredit credit, GroupContext group,
                                  CreditPolicy policy) {
        return switch (command) {
            case SubmitApplication c -> submit(c, credit, policy);
            case DecideApplication c -> decideApplication(c, credit, policy);
            case ConfirmApproval c -> confirm(c, credit, policy);
            case ChangeLimit c -> changeLimit(c, credit, policy);
            case PlaceHold c -> placeHold(c, credit);
            case ReleaseHold c -> releaseHold(c, credit);
            case CheckOrder c -> checkOrder(c, credit, group, policy);
            case ReleaseOrder c -> decideOrder(c.customerId(), c.orderId(), c.reason(), credit, true, c.asOf(), c.by());
            case RejectOrder c -> decideOrder(c.customerId(), c.orderId(), c.reason(), credit, false, c.asOf(), c.by());
            case CancelOrder c -> cancelOrder(c, credit);
            case DefineGroup c -> defineGroup(c, credit);
            case RunDay c -> runDay(c, credit, policy);
        };
    }

    private static Decision submit(SubmitApplication c, CustomerCredit credit, CreditPolicy policy) {
        Fx fx = policy.fx();
        if (!fx.knows(c.currency())) {
            return reject(Rejection.invalid("currency", "NO_EXCHANGE_RATE", "no exchange rate is configured for "
                    + c.currency() + "; limits can be applied for in " + fx.toBase().keySet()));
        }
        Rejection amount = amount(c.requestedLimit(), c.currency(), "requestedLimit", true);
        if (amount != null) {
            return reject(amount);
        }
        CreditApplicationReceived received = new CreditApplicationReceived(c.customerId(), c.applicationId(),
                c.currency(), c.requestedLimit(), c.financials() == null
                        ? new CreditEvent.Financials(null, null, null, null) : c.financials(),
                c.tradeReferences() == null ? List.of() : List.copyOf(c.tradeReferences()), c.bureauScore(),
                c.bureauScoreDate(), c.asOf(), c.by());
        Application existing = credit.file().application(c.applicationId());
        if (existing != null) {
            return existing.received() != null && sameApplication(existing.received(), received)
                    ? Decision.accept(List.of())
                    : reject(Rejection.conflict("APPLICATION_ID_IN_USE", "application " + c.applicationId()
                    + " was received before with other content; use a new application id"));
        }
        Scorecard scorecard = policy.scorecard();
        Scorecard.Result result = scorecard.score(Behaviour.values(credit.facts(), received, c.requestedLimit(),
                c.asOf(), fx));
        BigDecimal recommended = Scorecard.recommendedLimit(result.riskClass(), c.currency(),
                received.financials().annualRevenue(), fx);
        BigDecimal requestedInBase = fx.convert(c.requestedLimit(), c.currency(), fx.base()).converted();
        CreditPolicy.Decisions bounds = policy.decisions();
        String riskClass = result.riskClass().name();
        CreditEvent.Decision decision;
        String reason;
        if (bounds.autoDeclineClasses().contains(riskClass)) {
            decision = CreditEvent.Decision.DECLINED;
            reason = "declined by the scorecard: score " + result.score() + " is risk class " + riskClass;
        } else if (!bounds.autoApproveClasses().contains(riskClass)) {
            decision = CreditEvent.Decision.REFERRED;
            reason = "referred to an analyst: risk class " + riskClass + " is not approved automatically";
        } else if (c.requestedLimit().compareTo(recommended) > 0) {
            decision = CreditEvent.Decision.REFERRED;
            reason = "referred to an analyst: the requested " + c.requestedLimit() + " " + c.currency()
                    + " is above the recommended " + recommended + " " + c.currency();
        } else if (requestedInBase.compareTo(bounds.automaticCeiling()) > 0) {
            decision = CreditEvent.Decision.REFERRED;
            reason = "referred to an analyst: " + requestedInBase + " " + fx.base()
                    + " is above what the scorecard approves alone (" + bounds.automaticCeiling() + " " + fx.base() + ")";
        } else {
            decision = CreditEvent.Decision.APPROVED;
            reason = "approved by the scorecard: risk class " + riskClass + ", requested within the recommended limit";
        }
        CreditDecisionMade made = new CreditDecisionMade(c.customerId(), c.applicationId(), decision,
                scorecard.name(), result.score(), riskClass, c.currency(), c.requestedLimit(), recommended,
                decision == CreditEvent.Decision.APPROVED ? c.requestedLimit() : null, result.featurePoints(),
                result.adverseFactors(), reason, c.asOf(), null, null);
        List<CreditEvent> events = new ArrayList<>(List.of(received, made));
        if (decision != CreditEvent.Decision.REFERRED) {
            events.addAll(consequences(made, credit, policy, null));
        }
        return Decision.accept(events);
    }

    private static boolean sameApplication(CreditApplicationReceived a, CreditApplicationReceived b) {
        return a.currency().equals(b.currency()) && a.requestedLimit().compareTo(b.requestedLimit()) == 0
                && Objects.equals(a.financials(), b.financials())
                && Objects.equals(a.tradeReferences(), b.tradeReferences())
                && Objects.equals(a.bureauScore(), b.bureauScore())
                && Objects.equals(a.bureauScoreDate(), b.bureauScoreDate());
    }

    private static Decision decideApplication(DecideApplication c, CustomerCredit credit, CreditPolicy policy) {
        Application application = credit.file().application(c.applicationId());
        if (application == null || application.lastDecision() == null) {
            return reject(Rejection.notFound("UNKNOWN_APPLICATION", "customer " + c.customerId()
                    + " has no application or review " + c.applicationId()));
        }
        if (application.status() != ApplicationStatus.REFERRED) {
            return reject(Rejection.refused(application.status() == ApplicationStatus.AWAITING_SECOND_APPROVAL
                    ? "AWAITING_SECOND_APPROVAL" : "APPLICATION_ALREADY_DECIDED", "application " + c.applicationId()
                    + " is " + application.status() + "; only a referred application can be decided"));
        }
        if (blank(c.reason())) {
            return reject(Rejection.invalid("reason", "MISSING_FIELD", "an analyst's decision needs a reason"));
        }
        CreditDecisionMade referred = application.lastDecision();
        if (c.verdict() == CreditCommand.Verdict.DECLINED) {
            if (c.limit() != null) {
                // A decline sets no limit: taking one and dropping it would leave the analyst believing it was set.
                return reject(Rejection.invalid("limit", "NOT_ALLOWED", "a declined application sets no limit;"
                        + " send the limit only with APPROVED"));
            }
            return Decision.accept(finalDecision(referred, CreditEvent.Decision.DECLINED, null, c.reason(), c.asOf(),
                    c.by(), null, credit, policy));
        }
        Rejection amount = amount(c.limit(), referred.currency(), "limit", false);
        if (amount != null) {
            return reject(amount);
        }
        Fx fx = policy.fx();
        BigDecimal inBase = fx.convert(c.limit(), referred.currency(), fx.base()).converted();
        if (inBase.compareTo(policy.decisions().fourEyesAmount()) > 0) {
            return Decision.accept(List.of(new CreditEvent.CreditApprovalRequested(c.customerId(), c.applicationId(),
                    referred.currency(), c.limit(), c.reason(), c.asOf(), c.by())));
        }
        return Decision.accept(finalDecision(referred, CreditEvent.Decision.APPROVED, c.limit(), c.reason(),
                c.asOf(), c.by(), null, credit, policy));
    }

    private static Decision confirm(ConfirmApproval c, CustomerCredit credit, CreditPolicy policy) {
        Application application = credit.file().application(c.applicationId());
        if (application == null) {
            return reject(Rejection.notFound("UNKNOWN_APPLICATION", "customer " + c.customerId()
                    + " has no application or review " + c.applicationId()));
        }
        var pending = application.pendingApproval();
        if (pending == null) {
            return reject(Rejection.refused("NO_APPROVAL_PENDING", "application " + c.applicationId()
                    + " waits for no second approval"));
        }
        if (sameSubject(c.by(), pending.by())
                || (application.received() != null && sameSubject(c.by(), application.received().by()))) {
            return reject(Rejection.refused("FOUR_EYES", "the second approver must be another person than the analyst"
                    + " who approved (" + subject(pending.by()) + ") and the person who entered the application"));
        }
        if (blank(c.reason())) {
            return reject(Rejection.invalid("reason", "MISSING_FIELD", "a second approval needs a reason"));
        }
        CreditDecisionMade referred = application.lastDecision();
        if (c.confirm()) {
            return Decision.accept(finalDecision(referred, CreditEvent.Decision.APPROVED, pending.limit(),
                    pending.reason() + " (confirmed by " + subject(c.by()) + ": " + c.reason() + ")", c.asOf(),
                    pending.by(), c.by(), credit, policy));
        }
        return Decision.accept(finalDecision(referred, CreditEvent.Decision.DECLINED, null,
                "approval of " + pending.limit() + " " + pending.currency() + " refused by the second approver: "
                        + c.reason(), c.asOf(), c.by(), null, credit, policy));
    }

    /** An analyst's final decision on a referred application or review, with its consequences. */
    private static List<CreditEvent> finalDecision(CreditDecisionMade referred, CreditEvent.Decision decision,
                                                   BigDecimal limit, String reason, LocalDate asOf, Actor by,
                                                   Actor approvedBy, CustomerCredit credit, CreditPolicy policy) {
        CreditDecisionMade made = new CreditDecisionMade(referred.customerId(), referred.applicationId(), decision,
                referred.scorecard(), referred.score(), referred.riskClass(), referred.currency(),
                referred.requestedLimit(), referred.recommendedLimit(), limit, referred.featurePoints(),
                referred.adverseFactors(), reason, asOf, by, approvedBy);
        List<CreditEvent> events = new ArrayList<>();
        events.add(made);
        events.addAll(consequences(made, credit, policy, approvedBy != null ? approvedBy : by));
        return events;
    }

    /** An approval sets the limit; every final decision sets the risk class and the next review it calls for. */
    private static List<CreditEvent> consequences(CreditDecisionMade made, CustomerCredit credit, CreditPolicy policy,
                                                  Actor by) {
        List<CreditEvent> events = new ArrayList<>();
        CreditFile file = credit.file();
        if (made.decision() == CreditEvent.Decision.APPROVED) {
            LimitInForce current = file.limitOn(made.asOf());
            events.add(new CreditLimitChanged(made.customerId(), made.currency(),
                    current != null && current.currency().equals(made.currency()) ? current.permanent() : null,
                    made.approvedLimit(), made.asOf(), null, false, "application " + made.applicationId()
                    + " approved", made.applicationId(), file.group() == null ? null : file.group().groupId(), by));
        }
        Scorecard.RiskClass riskClass = policy.scorecard().riskClass(made.riskClass());
        int months = riskClass == null ? 12 : riskClass.reviewMonths();
        events.add(new CreditEvent.RiskClassChanged(made.customerId(), file.riskClass(), made.riskClass(),
                made.score(), (made.decision() == CreditEvent.Decision.APPROVED ? "approved" : "declined")
                + " with score " + made.score() + " (" + made.scorecard() + ")", made.applicationId(), made.asOf(),
                made.asOf().plusMonths(months), by));
        return events;
    }

    private static Decision changeLimit(ChangeLimit c, CustomerCredit credit, CreditPolicy policy) {
        Fx fx = policy.fx();
        if (!fx.knows(c.currency())) {
            return reject(Rejection.invalid("currency", "NO_EXCHANGE_RATE", "no exchange rate is configured for "
                    + c.currency()));
        }
        Rejection amount = amount(c.limit(), c.currency(), "limit", false);
        if (amount != null) {
            return reject(amount);
        }
        if (blank(c.reason())) {
            return reject(Rejection.invalid("reason", "MISSING_FIELD", "a limit change needs a reason"));
        }
        LocalDate validFrom = c.validFrom() == null ? c.asOf() : c.validFrom();
        if (validFrom.isBefore(c.asOf())) {
            return reject(Rejection.invalid("validFrom", "DATE_IN_THE_PAST", "a limit cannot start before today ("
                    + c.asOf() + ")"));
        }
        if (c.validTo() != null && c.validTo().isBefore(validFrom)) {
            return reject(Rejection.invalid("validTo", "INVALID_DATE_RANGE", "validTo must not be before validFrom"));
        }
        CreditFile file = credit.file();
        LimitInForce atStart = file.limitOn(validFrom);
        BigDecimal old = atStart != null && atStart.currency().equals(c.currency()) ? atStart.permanent() : null;
        if (c.temporary()) {
            if (c.validTo() == null) {
                return reject(Rejection.invalid("validTo", "MISSING_FIELD", "a temporary increase needs its last day"));
            }
            if (old == null) {
                return reject(Rejection.refused("NO_LIMIT_TO_RAISE", "a temporary increase raises a limit in force in "
                        + c.currency() + " on " + validFrom + "; there is none"));
            }
            if (c.limit().compareTo(old) <= 0) {
                return reject(Rejection.refused("NOT_AN_INCREASE", "a temporary increase must be above the limit of "
                        + old + " " + c.currency()));
            }
        }
        LimitInForce now = file.limitOn(c.asOf());
        BigDecimal currentInBase = now == null ? BigDecimal.ZERO
                : fx.convert(now.amount(), now.currency(), fx.base()).converted();
        BigDecimal newInBase = fx.convert(c.limit(), c.currency(), fx.base()).converted();
        if (newInBase.compareTo(policy.decisions().fourEyesAmount()) > 0 && newInBase.compareTo(currentInBase) > 0) {
            return reject(Rejection.refused("FOUR_EYES_REQUIRED", "a limit above " + policy.decisions().fourEyesAmount()
                    + " " + fx.base() + " is raised through an application, which a second person confirms"));
        }
        return Decision.accept(List.of(new CreditLimitChanged(c.customerId(), c.currency(), old, c.limit(), validFrom,
                c.validTo(), c.temporary(), c.reason(), null, file.group() == null ? null : file.group().groupId(),
                c.by())));
    }

    private static Decision placeHold(PlaceHold c, CustomerCredit credit) {
        if (blank(c.reason())) {
            return reject(Rejection.invalid("reason", "MISSING_FIELD", "a hold needs a reason"));
        }
        HoldScope scope = c.scope() == null ? HoldScope.CUSTOMER : c.scope();
        CreditFile.Group group = credit.file().group();
        if (scope == HoldScope.GROUP && group == null) {
            return reject(Rejection.refused("NOT_A_GROUP_PARENT", "customer " + c.customerId()
                    + " heads no credit group; a group hold is placed on the group's parent"));
        }
        return Decision.accept(List.of(new CreditHoldPlaced(c.customerId(), nextHoldId(credit.file(), 0), MANUAL,
                c.reason(), List.of(), scope, scope == HoldScope.GROUP ? group.groupId() : null, c.asOf(), c.by())));
    }

    private static Decision releaseHold(ReleaseHold c, CustomerCredit credit) {
        CreditFile.Hold hold = credit.file().hold(c.holdId());
        if (hold == null) {
            return reject(Rejection.notFound("UNKNOWN_HOLD", "customer " + c.customerId() + " has no hold "
                    + c.holdId()));
        }
        if (!hold.active()) {
            return Decision.accept(List.of());
        }
        if (blank(c.note())) {
            return reject(Rejection.invalid("note", "MISSING_FIELD", "releasing a hold needs a reason"));
        }
        return Decision.accept(List.of(new CreditHoldReleased(c.customerId(), c.holdId(), ReleaseReason.ANALYST,
                c.note(), c.asOf(), c.by())));
    }

    private static Decision checkOrder(CheckOrder c, CustomerCredit credit, GroupContext group, CreditPolicy policy) {
        CreditFile.Order existing = credit.file().order(c.orderId());
        if (existing != null) {
            var check = existing.check;
            return check.currency().equals(c.currency()) && check.amount().compareTo(c.amount()) == 0
                    ? Decision.accept(List.of())
                    : reject(Rejection.conflict("ORDER_ID_IN_USE", "order " + c.orderId() + " was checked before for "
                    + check.amount() + " " + check.currency() + "; a changed order needs a new order id"));
        }
        if (!Money.isCurrency(c.currency())) {
            return reject(Rejection.invalid("currency", "INVALID_CURRENCY", "currency must be an ISO 4217 code"));
        }
        Rejection amount = amount(c.amount(), c.currency(), "amount", true);
        if (amount != null) {
            return reject(amount);
        }
        LocalDate today = c.asOf();
        List<CheckReason> rejecting = new ArrayList<>();
        List<CheckReason> holding = new ArrayList<>();
        List<String> holdIds = new ArrayList<>();

        for (CreditFile.Hold hold : credit.file().activeHolds()) {
            holdIds.add(hold.placed.holdId());
            holding.add(new CheckReason("HOLD_IN_FORCE", "hold " + hold.placed.holdId() + " (" + hold.rule() + "): "
                    + hold.placed.reason()));
        }
        boolean inGroup = group != null && !group.parent().customerId().equals(c.customerId());
        if (inGroup) {
            for (CreditFile.Hold hold : group.parent().file().activeHolds()) {
                if (hold.placed.scope() == HoldScope.GROUP) {
                    holdIds.add(hold.placed.holdId());
                    holding.add(new CheckReason("GROUP_HOLD_IN_FORCE", "group " + group.groupId() + " hold "
                            + hold.placed.holdId() + " (" + hold.rule() + "): " + hold.placed.reason()));
                }
            }
        }

        // The governing limit: the credit group's (the parent's) for any customer of a group, else the customer's own.
        List<CustomerCredit> counted = group != null ? group.everyone() : List.of(credit);
        LimitInForce limit = (group != null ? group.parent() : credit).file().limitOn(today);
        String limitCurrency = limit != null ? limit.currency() : c.currency();
        BigDecimal before = null;
        BigDecimal after = null;
        try {
            before = BigDecimal.ZERO;
            for (CustomerCredit customer : counted) {
                Exposure exposure = Exposure.of(customer, policy, today, limitCurrency);
                before = before.add(exposure.total()).add(exposure.heldOrders());
            }
            after = before.add(policy.fx().convert(c.amount(), c.currency(), limitCurrency).converted());
        } catch (Fx.MissingRate missing) {
            holding.add(new CheckReason("NO_EXCHANGE_RATE", "no exchange rate for " + missing.currency()
                    + ": the order cannot be weighed against the limit in " + limitCurrency));
        }
        String whose = group != null ? "credit group " + group.groupId() : "customer " + c.customerId();
        if (limit == null) {
            CheckReason reason = new CheckReason("NO_CREDIT_LIMIT", whose + " has no credit limit"
                    + (credit.unknown() ? " (credit knows nothing of customer " + c.customerId() + ")" : ""));
            (policy.orders().withoutLimit() == CheckOutcome.REJECTED ? rejecting : holding).add(reason);
        } else if (limit.amount().signum() == 0) {
            rejecting.add(new CheckReason("NO_CREDIT", whose + " has a limit of zero: cash in advance"));
        } else if (after != null && after.compareTo(limit.amount()) > 0) {
            holding.add(new CheckReason(group != null ? "GROUP_OVER_LIMIT" : "OVER_LIMIT", "exposure with this order, "
                    + after + " " + limitCurrency + " (open AR, open orders including held ones), is above the limit of "
                    + limit.amount() + " " + limitCurrency + " of " + whose));
        }
        if (inGroup) {
            LimitInForce own = credit.file().limitOn(today);
            if (own != null && after != null) {
                try {
                    Exposure mine = Exposure.of(credit, policy, today, own.currency());
                    BigDecimal ownAfter = mine.total().add(mine.heldOrders())
                            .add(policy.fx().convert(c.amount(), c.currency(), own.currency()).converted());
                    if (ownAfter.compareTo(own.amount()) > 0) {
                        holding.add(new CheckReason("OVER_LIMIT", "exposure of customer " + c.customerId()
                                + " with this order, " + ownAfter + " " + own.currency() + ", is above its own limit of "
                                + own.amount() + " " + own.currency()));
                    }
                } catch (Fx.MissingRate missing) {
                    holding.add(new CheckReason("NO_EXCHANGE_RATE", "no exchange rate for " + missing.currency()));
                }
            }
        }
        CheckOutcome outcome = !rejecting.isEmpty() ? CheckOutcome.REJECTED
                : !holding.isEmpty() ? CheckOutcome.HELD : CheckOutcome.RELEASED;
        List<CheckReason> reasons = new ArrayList<>(rejecting);
        reasons.addAll(holding);
        if (reasons.isEmpty()) {
            reasons.add(new CheckReason("WITHIN_LIMIT", "exposure with this order, " + after + " " + limitCurrency
                    + ", is within the limit of " + limit.amount() + " " + limitCurrency + " of " + whose));
        }
        List<CreditEvent> events = new ArrayList<>();
        events.add(new CreditEvent.OrderCreditChecked(c.customerId(), c.orderId(), c.currency(), c.amount(), outcome,
                reasons, limitCurrency, before == null ? BigDecimal.ZERO : before,
                after == null ? BigDecimal.ZERO : after, limit == null ? null : limit.amount(), holdIds, today,
                today.plusDays(policy.orders().expiryDays())));
        UpstreamFacts.Invoice invoiced = credit.facts().invoiceNaming(c.orderId());
        if (invoiced != null && outcome != CheckOutcome.REJECTED) {
            // The ERP invoiced the order before asking: it is receivables' open AR already, never an open order too.
            events.add(new CreditEvent.OrderClosed(c.customerId(), c.orderId(), CreditEvent.OrderClosure.INVOICED,
                    invoiced.invoiceId, today));
        }
        return Decision.accept(events);
    }

    private static Decision decideOrder(String customerId, String orderId, String reason, CustomerCredit credit,
                                        boolean release, LocalDate asOf, Actor by) {
        CreditFile.Order order = credit.file().order(orderId);
        if (order == null) {
            return reject(Rejection.notFound("UNKNOWN_ORDER", "customer " + customerId + " has no order " + orderId));
        }
        if (order.status() != OrderStatus.HELD) {
            return reject(Rejection.refused("ORDER_NOT_HELD", "order " + orderId + " is " + order.status()
                    + "; only a held order is released or rejected"));
        }
        if (blank(reason)) {
            return reject(Rejection.invalid("reason", "MISSING_FIELD", "releasing or rejecting an order needs a reason"));
        }
        var check = order.check;
        return Decision.accept(List.of(release
                ? new CreditEvent.OrderReleased(customerId, orderId, check.currency(), check.amount(), reason, asOf, by)
                : new CreditEvent.OrderRejected(customerId, orderId, check.currency(), check.amount(), reason, asOf,
                by)));
    }

    private static Decision cancelOrder(CancelOrder c, CustomerCredit credit) {
        CreditFile.Order order = credit.file().order(c.orderId());
        if (order == null) {
            return reject(Rejection.notFound("UNKNOWN_ORDER", "customer " + c.customerId() + " has no order "
                    + c.orderId()));
        }
        if (order.status() != OrderStatus.HELD && order.status() != OrderStatus.RELEASED) {
            return Decision.accept(List.of());
        }
        return Decision.accept(List.of(new CreditEvent.OrderClosed(c.customerId(), c.orderId(),
                CreditEvent.OrderClosure.CANCELLED, null, c.asOf())));
    }

    private static Decision defineGroup(DefineGroup c, CustomerCredit credit) {
        Set<String> seen = new HashSet<>();
        for (String member : c.members()) {
            if (member.equals(c.customerId())) {
                return reject(Rejection.invalid("members", "PARENT_AS_MEMBER", "the parent " + c.customerId()
                        + " heads the group; list only its members"));
            }
            if (!seen.add(member)) {
                return reject(Rejection.invalid("members", "DUPLICATE_MEMBER", member + " is listed twice"));
            }
        }
        CreditFile.Group current = credit.file().group();
        if (current != null && !current.groupId().equals(c.groupId())) {
            return reject(Rejection.conflict("HEADS_ANOTHER_GROUP", "customer " + c.customerId() + " heads group "
                    + current.groupId()));
        }
        if (current != null && current.members().equals(c.members())) {
            return Decision.accept(List.of());
        }
        if (current == null && c.members().isEmpty()) {
            return Decision.accept(List.of());
        }
        return Decision.accept(List.of(new CreditEvent.CreditGroupChanged(c.customerId(), c.groupId(),
                List.copyOf(c.members()), c.asOf(), c.by())));
    }

    private static Decision runDay(RunDay c, CustomerCredit credit, CreditPolicy policy) {
        LocalDate asOf = c.asOf();
        CreditFile file = credit.file();
        List<CreditEvent> events = new ArrayList<>();
        for (CreditFile.Order order : file.orders()) {
            if ((order.status() == OrderStatus.HELD || order.status() == OrderStatus.RELEASED)
                    && order.check.expiresOn() != null && order.check.expiresOn().isBefore(asOf)) {
                events.add(new CreditEvent.OrderClosed(c.customerId(), order.check.orderId(),
                        CreditEvent.OrderClosure.EXPIRED, null, asOf));
            }
        }
        Set<String> ended = new HashSet<>();
        for (CreditFile.LimitEntry entry : file.limits()) {
            CreditLimitChanged temporary = entry.event;
            if (temporary.temporary() && !entry.superseded() && temporary.validTo().isBefore(asOf)
                    && ended.add(temporary.currency())) {
                LimitInForce after = file.limitOn(temporary.validTo().plusDays(1));
                BigDecimal permanent = after != null && after.currency().equals(temporary.currency())
                        ? after.permanent() : BigDecimal.ZERO;
                events.add(new CreditLimitChanged(c.customerId(), temporary.currency(), temporary.newLimit(),
                        permanent, temporary.validTo().plusDays(1), after == null ? null : after.validTo(), false,
                        "the temporary increase to " + temporary.newLimit() + " " + temporary.currency()
                                + " ended on " + temporary.validTo(), null, temporary.groupId(), null));
            }
        }
        if (file.riskClass() != null && file.nextReviewDate() != null && !file.nextReviewDate().isAfter(asOf)
                && (file.lastReviewDue() == null || file.lastReviewDue().isBefore(file.nextReviewDate()))) {
            events.add(new CreditEvent.CreditReviewDue(c.customerId(), file.riskClass(), file.lastReviewDate(), asOf));
            events.add(review(credit, policy, asOf));
        }
        return Decision.accept(events);
    }

    /**
     * A periodic review: the customer re-scored on current behaviour (and the last application's financials), with
     * the limit the scorecard recommends now, referred to an analyst to decide.
     */
    private static CreditDecisionMade review(CustomerCredit credit, CreditPolicy policy, LocalDate asOf) {
        CreditFile file = credit.file();
        Fx fx = policy.fx();
        CreditApplicationReceived last = file.lastApplication();
        LimitInForce limit = file.limitOn(asOf);
        String currency = limit != null ? limit.currency() : last != null ? last.currency() : fx.base();
        BigDecimal basis = limit != null ? limit.permanent() : last != null ? last.requestedLimit() : null;
        Scorecard.Result result = policy.scorecard().score(Behaviour.values(credit.facts(), last, basis, asOf, fx));
        BigDecimal revenue = last == null || last.financials() == null || last.financials().annualRevenue() == null
                ? null : fx.knows(last.currency()) ? fx.convert(last.financials().annualRevenue(), last.currency(),
                currency).converted() : null;
        BigDecimal recommended = Scorecard.recommendedLimit(result.riskClass(), currency, revenue, fx);
        return new CreditDecisionMade(credit.customerId(), "REVIEW-" + asOf, CreditEvent.Decision.REFERRED,
                result.scorecard(), result.score(), result.riskClass().name(), currency, null, recommended, null,
                result.featurePoints(), result.adverseFactors(), "periodic review (risk class " + file.riskClass()
                + " was due on " + file.nextReviewDate() + "): re-scored on current behaviour, for an analyst to decide",
                asOf, null, null);
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Other services' events

    /**
     * Folds consumed events into the customer's facts, then decides what they set off: holds on a broken promise or
     * an escalation, holds lifted when the account is cured, orders closed by the invoice that names them, and the
     * amount-weighing rules. The decided events are folded into the file too, and returned.
     */
    public static List<CreditEvent> observe(CustomerCredit credit, List<Upstream> consumed, CreditPolicy policy,
                                            LocalDate today) {
        consumed.forEach(credit.facts()::observe);
        CreditFile file = credit.file();
        CreditPolicy.Rules rules = policy.rules();
        List<CreditEvent> events = new ArrayList<>();
        for (Upstream upstream : consumed) {
            switch (upstream.event()) {
                case ReceivablesEvent.InvoiceIssued e when e.purchaseOrder() != null -> {
                    CreditFile.Order order = file.order(e.purchaseOrder());
                    if (order != null && (order.status() == OrderStatus.HELD
                            || order.status() == OrderStatus.RELEASED)) {
                        emit(file, events, new CreditEvent.OrderClosed(credit.customerId(), order.check.orderId(),
                                CreditEvent.OrderClosure.INVOICED, e.invoiceId(), e.issueDate()));
                    }
                }
                case CollectionsEvent.PromiseToPayBroken e when rules.isOn(BlockingRule.BROKEN_PROMISE) ->
                        placeOnEvent(credit, events, BlockingRule.BROKEN_PROMISE, "promise " + e.promiseId() + " to pay "
                                + e.promised() + " " + e.currency() + " by " + e.dueDate() + " was broken: "
                                + e.shortfall() + " short", upstream.ref(), today);
                case CollectionsEvent.AccountEscalated e when rules.isOn(BlockingRule.ACCOUNT_ESCALATED) ->
                        placeOnEvent(credit, events, BlockingRule.ACCOUNT_ESCALATED, "account handed to "
                                + e.to().name().toLowerCase(java.util.Locale.ROOT) + " (" + e.handedTo() + "): "
                                + e.reason(), upstream.ref(), today);
                case ReceivablesEvent.AccountCured e -> {
                    for (CreditFile.Hold hold : file.activeHolds()) {
                        // A group's hold weighs the whole group: one customer cured does not lift it.
                        if (isRule(hold, rules.releaseOnCure()) && !isGroupHold(hold)) {
                            emit(file, events, new CreditHoldReleased(credit.customerId(), hold.placed.holdId(),
                                    ReleaseReason.CURED, "receivables reports the account cured as of " + e.asOf(),
                                    today, null));
                        }
                    }
                }
                default -> {
                }
            }
        }
        events.addAll(weigh(credit, policy, today));
        return events;
    }

    private static void placeOnEvent(CustomerCredit credit, List<CreditEvent> events, BlockingRule rule, String reason,
                                     EventReference source, LocalDate today) {
        CreditFile file = credit.file();
        boolean active = file.activeHolds().stream().anyMatch(h -> h.rule().equals(rule.name()) && !isGroupHold(h));
        if (!active) {
            emit(file, events, new CreditHoldPlaced(credit.customerId(), nextHoldId(file, 0), rule.name(), reason,
                    List.of(source), HoldScope.CUSTOMER, null, today, null));
        }
    }

    /**
     * The amount-weighing rules as of a day: a rule that fires without a hold of its own places one (unless an analyst
     * released such a hold within the override period); a hold whose rule no longer fires is released (paid down).
     */
    static List<CreditEvent> weigh(CustomerCredit credit, CreditPolicy policy, LocalDate asOf) {
        CreditFile file = credit.file();
        CreditPolicy.Rules rules = policy.rules();
        List<BlockingRules.Firing> firing = BlockingRules.weigh(credit, policy, asOf);
        List<CreditEvent> events = new ArrayList<>();
        for (BlockingRule rule : List.of(BlockingRule.PAST_DUE, BlockingRule.OVER_LIMIT)) {
            if (!rules.isOn(rule)) {
                continue;
            }
            BlockingRules.Firing fires = firing.stream().filter(f -> f.rule() == rule).findFirst().orElse(null);
            List<CreditFile.Hold> active = file.activeHolds().stream()
                    .filter(h -> h.rule().equals(rule.name()) && !isGroupHold(h)).toList();
            if (fires != null && active.isEmpty() && !overridden(file, rule, asOf, rules.analystOverrideDays(), false)) {
                emit(file, events, new CreditHoldPlaced(credit.customerId(), nextHoldId(file, 0), rule.name(),
                        fires.reason(), fires.sources(), HoldScope.CUSTOMER, null, asOf, null));
            } else if (fires == null) {
                for (CreditFile.Hold hold : placedBy(active, asOf)) {
                    emit(file, events, new CreditHoldReleased(credit.customerId(), hold.placed.holdId(),
                            ReleaseReason.PAID, rule == BlockingRule.PAST_DUE
                            ? "what is past due is back within what the risk class allows"
                            : "exposure is back within the limit and its tolerance", asOf, null));
                }
            }
        }
        return events;
    }

    /**
     * The amount rules weighed over a credit group (on its parent's file, {@code group.parent()}, which is changed):
     * a rule that fires for the group as a whole places a GROUP hold on the parent, holding every member's orders;
     * a group hold whose rule no longer fires is released. Each customer's own rules are weighed apart, as before.
     */
    public static List<CreditEvent> weighGroup(GroupContext group, CreditPolicy policy, LocalDate asOf) {
        CustomerCredit parent = group.parent();
        CreditFile file = parent.file();
        CreditPolicy.Rules rules = policy.rules();
        List<BlockingRules.Firing> firing = BlockingRules.weighGroup(group, policy, asOf);
        List<CreditEvent> events = new ArrayList<>();
        for (BlockingRule rule : List.of(BlockingRule.PAST_DUE, BlockingRule.OVER_LIMIT)) {
            if (!rules.isOn(rule)) {
                continue;
            }
            BlockingRules.Firing fires = firing.stream().filter(f -> f.rule() == rule).findFirst().orElse(null);
            List<CreditFile.Hold> active = file.activeHolds().stream()
                    .filter(h -> h.rule().equals(rule.name()) && isGroupHold(h)).toList();
            if (fires != null && active.isEmpty() && !overridden(file, rule, asOf, rules.analystOverrideDays(), true)) {
                emit(file, events, new CreditHoldPlaced(parent.customerId(), nextHoldId(file, 0), rule.name(),
                        fires.reason(), fires.sources(), HoldScope.GROUP, group.groupId(), asOf, null));
            } else if (fires == null) {
                for (CreditFile.Hold hold : placedBy(active, asOf)) {
                    emit(file, events, new CreditHoldReleased(parent.customerId(), hold.placed.holdId(),
                            ReleaseReason.PAID, rule == BlockingRule.PAST_DUE
                            ? "what is past due across the group is back within what the risk class allows"
                            : "the group's exposure is back within its limit and tolerance", asOf, null));
                }
            }
        }
        return events;
    }

    /**
     * The holds a weighing as of {@code asOf} may lift: those placed by that day. A run for an earlier day (a missed
     * day caught up) weighs amounts as they were then, and must not undo a hold decided on later facts.
     */
    private static List<CreditFile.Hold> placedBy(List<CreditFile.Hold> holds, LocalDate asOf) {
        return holds.stream().filter(h -> !h.placed.placedDate().isAfter(asOf)).toList();
    }

    private static boolean isGroupHold(CreditFile.Hold hold) {
        return hold.placed.scope() == HoldScope.GROUP;
    }

    private static boolean overridden(CreditFile file, BlockingRule rule, LocalDate asOf, int days, boolean group) {
        for (CreditFile.Hold hold : file.holds()) {
            CreditHoldReleased released = hold.released();
            if (hold.rule().equals(rule.name()) && isGroupHold(hold) == group && released != null && released.reason() == ReleaseReason.ANALYST
                    && !released.releasedDate().plusDays(days).isBefore(asOf)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isRule(CreditFile.Hold hold, Set<BlockingRule> rules) {
        return rules.stream().anyMatch(r -> r.name().equals(hold.rule()));
    }

    private static void emit(CreditFile file, List<CreditEvent> events, CreditEvent event) {
        file.evolve(event);
        events.add(event);
    }

    private static String nextHoldId(CreditFile file, int alreadyPlaced) {
        return "H-" + (file.holdCount() + 1 + alreadyPlaced);
    }

    // ---------------------------------------------------------------------------------------------------------------

    private static Rejection amount(BigDecimal amount, String currency, String field, boolean positive) {
        if (amount == null) {
            return Rejection.invalid(field, "MISSING_FIELD", field + " is required");
        }
        if (positive ? amount.signum() <= 0 : amount.signum() < 0) {
            return Rejection.invalid(field, "INVALID_AMOUNT", field + " must be " + (positive ? "more than zero"
                    : "zero or more"));
        }
        return Money.unfit(amount, currency, field);
    }

    private static boolean sameSubject(Actor a, Actor b) {
        return a != null && b != null && a.subject().equals(b.subject());
    }

    private static String subject(Actor actor) {
        return actor == null ? "(unknown)" : actor.subject();
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    private static Decision reject(Rejection rejection) {
        return Decision.reject(rejection);
    }
}
