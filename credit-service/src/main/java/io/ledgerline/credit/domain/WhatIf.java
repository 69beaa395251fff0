package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A policy what-if: the recorded history replayed under the policy in force and under a proposed one, side by side,
 * changing nothing. What is replayed are the inputs, not the decisions: other services' events as credit received
 * them, applications, order checks and people's commands as they were recorded; what credit decided on its own
 * (scores and automatic decisions, holds by rule, the day's run) is decided again under each policy. Differences
 * dated between {@code from} and {@code to} are reported: applications decided otherwise, orders released or held
 * otherwise (with the exposure that would have been released or blocked), holds placed otherwise.
 *
 * <p>{@code histories} are keyed by replay unit: a customer alone, or every customer ever in one credit group, their
 * inputs together in the order they happened, so that a member's orders are weighed against the group as it stood
 * and the group's rules are weighed as its members' events come.
 */
public final class WhatIf {

    private WhatIf() {
    }

    /** One input of a customer's history, in the order credit received or recorded it. */
    public sealed interface Input {
    }

    /** Another service's event, as credit consumed it. */
    public record Observed(Upstream upstream) implements Input {
    }

    /** One of credit's own recorded events, from which the command that caused it is recovered. */
    public record Recorded(CreditEvent event) implements Input {
    }

    public record ApplicationDifference(String customerId, String applicationId, LocalDate asOf,
                                        String currentDecision, int currentScore, String currentClass,
                                        String proposedDecision, int proposedScore, String proposedClass) {
    }

    public record OrderDifference(String customerId, String orderId, LocalDate checkedDate, String currency,
                                  BigDecimal amount, BigDecimal amountInBase, CheckOutcome current,
                                  CheckOutcome proposed) {
    }

    public record HoldDifference(String customerId, String rule, int current, int proposed) {
    }

    /**
     * @param releasedOnlyUnderProposed in the base currency: orders the proposed policy releases and the current
     *                                  one holds or rejects
     * @param blockedOnlyUnderProposed  in the base currency: orders the proposed policy holds or rejects and the
     *                                  current one releases
     * @param recordedOrdersReproduced  order checks the replay under the policy in force answers as recorded
     */
    public record Result(String currentPolicy, String proposedPolicy, LocalDate from, LocalDate to, int customers,
                         int applicationsCompared, List<ApplicationDifference> applications, int ordersCompared,
                         List<OrderDifference> orders, String baseCurrency, BigDecimal releasedOnlyUnderProposed,
                         BigDecimal blockedOnlyUnderProposed, Map<String, Integer> holdsByRuleCurrent,
                         Map<String, Integer> holdsByRuleProposed, List<HoldDifference> holds,
                         int recordedOrders, int recordedOrdersReproduced) {
    }

    public static Result compare(Map<String, List<Input>> histories, CreditPolicy current, CreditPolicy proposed,
                                 LocalDate from, LocalDate to) {
        List<ApplicationDifference> applications = new ArrayList<>();
        List<OrderDifference> orders = new ArrayList<>();
        List<HoldDifference> holds = new ArrayList<>();
        Map<String, Integer> holdsCurrent = new TreeMap<>();
        Map<String, Integer> holdsProposed = new TreeMap<>();
        int[] compared = new int[4];
        BigDecimal released = BigDecimal.ZERO;
        BigDecimal blocked = BigDecimal.ZERO;
        Fx fx = current.fx();
        // Each unit (a customer, or a credit group's customers together) replayed under both policies.
        Map<String, Replay[]> replayed = new LinkedHashMap<>();
        for (List<Input> unit : histories.values()) {
            Map<String, Replay> underCurrent = replayUnit(unit, current, to);
            Map<String, Replay> underProposed = replayUnit(unit, proposed, to);
            underCurrent.forEach((id, replay) -> replayed.put(id, new Replay[] {replay,
                    underProposed.getOrDefault(id, new Replay(id))}));
        }
        for (var entry : replayed.entrySet()) {
            String customerId = entry.getKey();
            Replay now = entry.getValue()[0];
            Replay then = entry.getValue()[1];
            compared[3] += now.recordedOrders;
            compared[2] += now.reproducedOrders;

            for (var decision : now.decisions.entrySet()) {
                CreditEvent.CreditDecisionMade a = decision.getValue();
                CreditEvent.CreditDecisionMade b = then.decisions.get(decision.getKey());
                if (b == null || !inRange(a.asOf(), from, to)) {
                    continue;
                }
                compared[0]++;
                if (a.decision() != b.decision() || !a.riskClass().equals(b.riskClass())) {
                    applications.add(new ApplicationDifference(customerId, a.applicationId(), a.asOf(),
                            a.decision().name(), a.score(), a.riskClass(), b.decision().name(), b.score(),
                            b.riskClass()));
                }
            }
            for (var check : now.checks.entrySet()) {
                CreditEvent.OrderCreditChecked a = check.getValue();
                CreditEvent.OrderCreditChecked b = then.checks.get(check.getKey());
                if (b == null || !inRange(a.checkedDate(), from, to)) {
                    continue;
                }
                compared[1]++;
                if (a.outcome() != b.outcome()) {
                    BigDecimal inBase = fx.knows(a.currency())
                            ? fx.convert(a.amount(), a.currency(), fx.base()).converted() : BigDecimal.ZERO;
                    orders.add(new OrderDifference(customerId, a.orderId(), a.checkedDate(), a.currency(), a.amount(),
                            inBase, a.outcome(), b.outcome()));
                    if (b.outcome() == CheckOutcome.RELEASED) {
                        released = released.add(inBase);
                    } else if (a.outcome() == CheckOutcome.RELEASED) {
                        blocked = blocked.add(inBase);
                    }
                }
            }
            Map<String, Integer> a = now.holdsByRule(from, to);
            Map<String, Integer> b = then.holdsByRule(from, to);
            a.forEach((rule, n) -> holdsCurrent.merge(rule, n, Integer::sum));
            b.forEach((rule, n) -> holdsProposed.merge(rule, n, Integer::sum));
            Map<String, Integer> rules = new TreeMap<>(a);
            b.keySet().forEach(rule -> rules.putIfAbsent(rule, 0));
            for (String rule : rules.keySet()) {
                int x = a.getOrDefault(rule, 0);
                int y = b.getOrDefault(rule, 0);
                if (x != y) {
                    holds.add(new HoldDifference(customerId, rule, x, y));
                }
            }
        }
        return new Result(current.name(), proposed.name(), from, to, replayed.size(), compared[0], applications,
                compared[1], orders, fx.base(), released, blocked, holdsCurrent, holdsProposed, holds, compared[3],
                compared[2]);
    }

    private static boolean inRange(LocalDate day, LocalDate from, LocalDate to) {
        return day != null && !day.isBefore(from) && !day.isAfter(to);
    }

    /** One customer's history replayed under one policy. */
    private static final class Replay {
        final CustomerCredit credit;
        final Map<String, CreditEvent.CreditDecisionMade> decisions = new LinkedHashMap<>();
        final Map<String, CreditEvent.OrderCreditChecked> checks = new LinkedHashMap<>();
        final List<CreditEvent.CreditHoldPlaced> placed = new ArrayList<>();
        int recordedOrders;
        int reproducedOrders;

        Replay(String customerId) {
            credit = new CustomerCredit(customerId);
        }

        void take(List<CreditEvent> events) {
            for (CreditEvent event : events) {
                switch (event) {
                    case CreditEvent.CreditDecisionMade d -> decisions.put(d.applicationId(), d);
                    case CreditEvent.OrderCreditChecked c -> checks.put(c.orderId(), c);
                    case CreditEvent.CreditHoldPlaced h -> placed.add(h);
                    default -> {
                    }
                }
            }
        }

        Map<String, Integer> holdsByRule(LocalDate from, LocalDate to) {
            Map<String, Integer> byRule = new TreeMap<>();
            placed.stream().filter(h -> inRange(h.placedDate(), from, to))
                    .forEach(h -> byRule.merge(h.rule(), 1, Integer::sum));
            return byRule;
        }
    }

    /** The customer an input belongs to. */
    static String customerOf(Input input) {
        return switch (input) {
            case Observed o -> o.upstream().customerId();
            case Recorded r -> r.event().customerId();
        };
    }

    /**
     * Replays one unit of history: one customer's, or a credit group's (every customer ever in it, their inputs in the
     * order they happened), so that a member's order is weighed against the group as it stood then and the group's
     * rules are weighed as its members' events come.
     */
    private static Map<String, Replay> replayUnit(List<Input> inputs, CreditPolicy policy, LocalDate to) {
        Map<String, Replay> replays = new LinkedHashMap<>();
        Map<String, LocalDate> days = new HashMap<>();
        Groups groups = new Groups();
        for (Input input : inputs) {
            String customerId = customerOf(input);
            Replay replay = replays.computeIfAbsent(customerId, Replay::new);
            LocalDate day = days.get(customerId);
            switch (input) {
                case Observed observed -> {
                    // Other services' events are decided on as of the later of the replay's day and their own date.
                    LocalDate own = UpstreamFacts.businessDateOf(observed.upstream().event());
                    LocalDate today = day == null ? (own == null ? latest(replay.credit) : own)
                            : own != null && own.isAfter(day) ? own : day;
                    if (today.isAfter(to)) {
                        return replays;
                    }
                    replay.take(CreditDecider.observe(replay.credit, List.of(observed.upstream()), policy, today));
                    CreditDecider.GroupContext group = groups.of(customerId, replays);
                    if (group != null) {
                        replays.get(group.parent().customerId()).take(CreditDecider.weighGroup(group, policy, today));
                    }
                }
                case Recorded recorded -> {
                    CreditCommand command = commandOf(recorded.event(), replay.credit);
                    if (command == null) {
                        continue;
                    }
                    if (command.asOf().isAfter(to)) {
                        return replays;
                    }
                    if (day == null || command.asOf().isAfter(day)) {
                        if (day != null) {
                            run(replay, new CreditCommand.RunDay(customerId, command.asOf()),
                                    groups.forCommandOf(customerId, false, replays), policy);
                        }
                        days.put(customerId, command.asOf());
                    }
                    if (command instanceof CreditCommand.DefineGroup define) {
                        groups.define(define);
                    }
                    // The service's daily run weighs a group's rules every day on its parent: bring the parent's day
                    // up to this member's before the member's command is weighed against the group.
                    CreditDecider.GroupContext around = groups.of(customerId, replays);
                    if (around != null && !around.parent().customerId().equals(customerId)) {
                        String parentId = around.parent().customerId();
                        LocalDate parentDay = days.get(parentId);
                        if (parentDay != null && command.asOf().isAfter(parentDay)) {
                            run(replays.get(parentId), new CreditCommand.RunDay(parentId, command.asOf()),
                                    groups.forCommandOf(parentId, false, replays), policy);
                            days.put(parentId, command.asOf());
                        }
                    }
                    CreditDecider.GroupContext group = groups.forCommandOf(customerId,
                            command instanceof CreditCommand.CheckOrder, replays);
                    if (recorded.event() instanceof CreditEvent.OrderCreditChecked check) {
                        replay.recordedOrders++;
                        run(replay, command, group, policy);
                        var replayed = replay.checks.get(check.orderId());
                        if (replayed != null && replayed.outcome() == check.outcome()) {
                            replay.reproducedOrders++;
                        }
                    } else {
                        run(replay, command, group, policy);
                    }
                }
            }
        }
        return replays;
    }

    /** The credit groups of a unit as the replay has defined them so far. */
    private static final class Groups {
        private final Map<String, CreditCommand.DefineGroup> byGroup = new LinkedHashMap<>();
        private final Map<String, String> groupOf = new HashMap<>();

        void define(CreditCommand.DefineGroup define) {
            CreditCommand.DefineGroup before = byGroup.put(define.groupId(), define);
            if (before != null) {
                groupOf.remove(before.customerId());
                before.members().forEach(groupOf::remove);
            }
            if (define.members().isEmpty()) {
                byGroup.remove(define.groupId());
                return;
            }
            groupOf.put(define.customerId(), define.groupId());
            define.members().forEach(m -> groupOf.put(m, define.groupId()));
        }

        /** The group around a customer, with every member's replayed credit. */
        CreditDecider.GroupContext of(String customerId, Map<String, Replay> replays) {
            String groupId = groupOf.get(customerId);
            if (groupId == null) {
                return null;
            }
            CreditCommand.DefineGroup group = byGroup.get(groupId);
            List<CustomerCredit> members = new ArrayList<>();
            for (String member : group.members()) {
                members.add(replays.computeIfAbsent(member, Replay::new).credit);
            }
            return new CreditDecider.GroupContext(groupId,
                    replays.computeIfAbsent(group.customerId(), Replay::new).credit, members);
        }

        /** As the service gives it: for any member's order check, and for the parent's other commands. */
        CreditDecider.GroupContext forCommandOf(String customerId, boolean check, Map<String, Replay> replays) {
            CreditDecider.GroupContext group = of(customerId, replays);
            if (group == null || check || group.parent().customerId().equals(customerId)) {
                return group;
            }
            return null;
        }
    }

    private static LocalDate latest(CustomerCredit credit) {
        LocalDate latest = credit.facts().latestBusinessDate();
        return latest == null ? LocalDate.of(1970, 1, 1) : latest;
    }

    private static void run(Replay replay, CreditCommand command, CreditDecider.GroupContext group,
                            CreditPolicy policy) {
        if (CreditDecider.handle(command, replay.credit, group, policy) instanceof Decision.Accepted accepted) {
            replay.take(accepted.events());
        }
    }

    /**
     * The command behind a recorded event, where a person or a system asked for it; null for what credit decided on
     * its own (that is decided again).
     */
    static CreditCommand commandOf(CreditEvent event, CustomerCredit replayed) {
        String c = event.customerId();
        return switch (event) {
            case CreditEvent.CreditApplicationReceived e -> new CreditCommand.SubmitApplication(c, e.applicationId(),
                    e.currency(), e.requestedLimit(), e.financials(), e.tradeReferences(), e.bureauScore(),
                    e.bureauScoreDate(), e.receivedDate(), e.by());
            case CreditEvent.OrderCreditChecked e -> new CreditCommand.CheckOrder(c, e.orderId(), e.currency(),
                    e.amount(), e.checkedDate());
            case CreditEvent.OrderReleased e -> new CreditCommand.ReleaseOrder(c, e.orderId(), e.reason(),
                    e.releasedDate(), e.by());
            case CreditEvent.OrderRejected e -> new CreditCommand.RejectOrder(c, e.orderId(), e.reason(),
                    e.rejectedDate(), e.by());
            case CreditEvent.OrderClosed e when e.closure() == CreditEvent.OrderClosure.CANCELLED ->
                    new CreditCommand.CancelOrder(c, e.orderId(), e.closedDate());
            case CreditEvent.CreditLimitChanged e when e.by() != null && e.applicationId() == null ->
                    new CreditCommand.ChangeLimit(c, e.currency(), e.newLimit(), e.validFrom(), e.validTo(),
                            e.temporary(), e.reason(), e.validFrom(), e.by());
            case CreditEvent.CreditHoldPlaced e when CreditDecider.MANUAL.equals(e.rule()) ->
                    new CreditCommand.PlaceHold(c, e.scope(), e.reason(), e.placedDate(), e.by());
            case CreditEvent.CreditHoldReleased e when e.reason() == CreditEvent.ReleaseReason.ANALYST ->
                    releaseOfSameRule(e, replayed);
            case CreditEvent.CreditDecisionMade e when e.by() != null && e.approvedBy() == null ->
                    new CreditCommand.DecideApplication(c, e.applicationId(),
                            e.decision() == CreditEvent.Decision.APPROVED ? CreditCommand.Verdict.APPROVED
                                    : CreditCommand.Verdict.DECLINED, e.approvedLimit(), Objects.requireNonNullElse(
                            e.reason(), "as recorded"), e.asOf(), e.by());
            case CreditEvent.CreditDecisionMade e when e.approvedBy() != null ->
                    new CreditCommand.ConfirmApproval(c, e.applicationId(), true, "as recorded", e.asOf(),
                            e.approvedBy());
            case CreditEvent.CreditGroupChanged e -> new CreditCommand.DefineGroup(c, e.groupId(), e.members(),
                    e.changedDate(), e.by());
            case CreditEvent.CreditApprovalRequested e -> new CreditCommand.DecideApplication(c, e.applicationId(),
                    CreditCommand.Verdict.APPROVED, e.limit(), e.reason(), e.requestedDate(), e.by());
            default -> null;
        };
    }

    /** An analyst released a hold: in the replay, the hold in force of the same rule (its id may differ). */
    private static CreditCommand releaseOfSameRule(CreditEvent.CreditHoldReleased released, CustomerCredit replayed) {
        String rule = null;
        // The recorded hold's rule is known only from the recorded file; the replay looks for any active hold whose
        // id matches first, then one of the rule the recorded id had in the replay.
        var byId = replayed.file().hold(released.holdId());
        if (byId != null && byId.active()) {
            rule = byId.rule();
        }
        for (var hold : replayed.file().activeHolds()) {
            if (rule == null || hold.rule().equals(rule)) {
                return new CreditCommand.ReleaseHold(released.customerId(), hold.placed.holdId(), released.note(),
                        released.releasedDate(), released.by());
            }
        }
        return null;
    }
}
