package io.ledgerline.credit.properties;

import io.ledgerline.credit.domain.BlockingRule;
import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.domain.CreditDecider;
import io.ledgerline.credit.domain.CreditPolicy;
import io.ledgerline.credit.domain.CustomerCredit;
import io.ledgerline.credit.domain.Decision;
import io.ledgerline.credit.domain.Fx;
import io.ledgerline.credit.domain.Policies;
import io.ledgerline.credit.domain.Upstream;
import io.ledgerline.events.DomainEvent;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.common.Actor;
import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random histories of other services' events and people's commands, under random variants of the policy:
 * every hold names a rule the policy has (and, for a rule that fires on an event, that event); every release names a
 * hold in force; and no limit above the four-eyes amount is ever set without a second, different person.
 */
class HoldsAndFourEyesPropertiesTest {

    private static final String C = "C-PROP";
    private static final LocalDate START = LocalDate.of(2026, 12, 1);
    private static final List<Actor> PEOPLE = List.of(new Actor("kim", List.of("credit-analyst")),
            new Actor("lee", List.of("credit-analyst")), new Actor("ines", List.of("credit-manager")));
    private static final List<String> RULE_SETS = List.of("PAST_DUE,OVER_LIMIT,BROKEN_PROMISE,ACCOUNT_ESCALATED",
            "PAST_DUE", "BROKEN_PROMISE,ACCOUNT_ESCALATED", "OVER_LIMIT,BROKEN_PROMISE", "");

    @Property(tries = 300)
    void every_hold_names_a_rule_of_the_policy_and_every_release_a_hold_in_force(
            @ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps,
            @ForAll @IntRange(min = 0, max = 4) int ruleSet) {
        Random random = new Random(seed);
        CreditPolicy policy = Policies.with(Map.of("rules.enabled", RULE_SETS.get(ruleSet),
                "rules.past-due.min-amount", "0"));
        Set<String> ruleNames = policy.rules().names();
        History history = run(random, steps, policy);

        Set<String> placed = new HashSet<>();
        Set<String> released = new HashSet<>();
        for (CreditEvent event : history.recorded) {
            if (event instanceof CreditEvent.CreditHoldPlaced hold) {
                assertThat(ruleNames).as("rule of %s", hold).contains(hold.rule());
                assertThat(placed.add(hold.holdId())).as("hold ids are unique").isTrue();
                BlockingRule rule = BlockingRule.valueOf(hold.rule());
                if (rule == BlockingRule.BROKEN_PROMISE || rule == BlockingRule.ACCOUNT_ESCALATED) {
                    assertThat(hold.sourceEvents()).isNotEmpty();
                }
                Statistics.label("holds placed by rule").collect(hold.rule());
                if (rule != BlockingRule.MANUAL) {
                    assertThat(hold.by()).isNull();
                    assertThat(history.observed).as("the events behind %s", hold).containsAll(hold.sourceEvents());
                }
            }
            if (event instanceof CreditEvent.CreditHoldReleased release) {
                assertThat(placed).as("released hold was placed").contains(release.holdId());
                assertThat(released.add(release.holdId())).as("a hold is released once").isTrue();
            }
        }
    }

    @Property(tries = 300)
    void no_limit_above_the_four_eyes_amount_without_a_second_different_person(
            @ForAll long seed, @ForAll @IntRange(min = 5, max = 60) int steps) {
        Random random = new Random(seed);
        CreditPolicy policy = Policies.defaults();
        History history = run(random, steps, policy);
        Fx fx = policy.fx();
        BigDecimal fourEyes = policy.decisions().fourEyesAmount();

        Map<String, CreditEvent.CreditDecisionMade> approvals = new HashMap<>();
        Map<String, Actor> enteredBy = new HashMap<>();
        for (CreditEvent event : history.recorded) {
            if (event instanceof CreditEvent.CreditApplicationReceived received) {
                enteredBy.put(received.applicationId(), received.by());
            }
            if (event instanceof CreditEvent.CreditDecisionMade decision
                    && decision.decision() == CreditEvent.Decision.APPROVED) {
                approvals.put(decision.applicationId(), decision);
                BigDecimal inBase = fx.convert(decision.approvedLimit(), decision.currency(), fx.base()).converted();
                Statistics.label("approvals").collect(inBase.compareTo(fourEyes) > 0 ? "above four eyes" : "within");
                if (inBase.compareTo(fourEyes) > 0) {
                    assertThat(decision.approvedBy()).as("second approver of %s", decision).isNotNull();
                    assertThat(decision.approvedBy().subject()).isNotEqualTo(decision.by().subject());
                    Actor entered = enteredBy.get(decision.applicationId());
                    if (entered != null) {
                        assertThat(decision.approvedBy().subject()).isNotEqualTo(entered.subject());
                    }
                }
            }
            if (event instanceof CreditEvent.CreditApprovalRequested) {
                Statistics.label("approvals").collect("asked a second person");
            }
            if (event instanceof CreditEvent.CreditLimitChanged limit) {
                BigDecimal inBase = fx.convert(limit.newLimit(), limit.currency(), fx.base()).converted();
                BigDecimal before = limit.oldLimit() == null ? BigDecimal.ZERO
                        : fx.convert(limit.oldLimit(), limit.currency(), fx.base()).converted();
                if (inBase.compareTo(fourEyes) > 0 && inBase.compareTo(before) > 0 && limit.by() != null) {
                    // Raised above the four-eyes amount by a person: only ever through a four-eyes approval.
                    assertThat(limit.applicationId()).as("application behind %s", limit).isNotNull();
                    CreditEvent.CreditDecisionMade approval = approvals.get(limit.applicationId());
                    assertThat(approval.approvedBy()).isNotNull();
                    assertThat(approval.approvedBy().subject()).isNotEqualTo(approval.by().subject());
                }
            }
        }
    }

    /** What a random history recorded, and the upstream events it observed (by reference). */
    private static final class History {
        final List<CreditEvent> recorded = new ArrayList<>();
        final Set<EventReference> observed = new HashSet<>();
    }

    private static History run(Random random, int steps, CreditPolicy policy) {
        CustomerCredit credit = new CustomerCredit(C);
        History history = new History();
        LocalDate day = START;
        int invoices = 0;
        List<String> applications = new ArrayList<>();
        for (int step = 0; step < steps; step++) {
            Actor someone = PEOPLE.get(random.nextInt(PEOPLE.size()));
            switch (random.nextInt(12)) {
                case 0, 1 -> {
                    String id = "INV-" + invoices++;
                    observe(credit, history, policy, day, new ReceivablesEvent.InvoiceIssued(C, id,
                            day.minusDays(random.nextInt(120)), day.minusDays(random.nextInt(90) - 30), "EUR",
                            amount(random, 40_000), null, null));
                }
                case 2 -> {
                    if (invoices > 0) {
                        String invoice = "INV-" + random.nextInt(invoices);
                        BigDecimal paid = amount(random, 10_000);
                        String payment = "PAY-" + step;
                        observe(credit, history, policy, day, new ReceivablesEvent.PaymentReceived(C, payment, day,
                                "EUR", paid, PaymentMethod.SEPA, invoice, List.of()));
                        var open = credit.facts().invoice(invoice).open();
                        if (open.signum() > 0) {
                            observe(credit, history, policy, day, new ReceivablesEvent.PaymentApplied(C,
                                    ReceivablesEvent.SourceKind.PAYMENT, payment, invoice, "EUR", paid.min(open), day,
                                    ReceivablesEvent.ApplicationRule.REFERENCE));
                        }
                    }
                }
                case 3 -> observe(credit, history, policy, day, new CollectionsEvent.PromiseToPayBroken(C, "PTP-" + step,
                        "EUR", day.minusDays(2), amount(random, 5000), BigDecimal.ZERO, amount(random, 5000), List.of(),
                        day));
                case 4 -> observe(credit, history, policy, day, new CollectionsEvent.AccountEscalated(C, "CASE-1",
                        CollectionsEvent.EscalationTarget.LEGAL, "Kanzlei Nord", "no answer", null, day, someone));
                case 5 -> observe(credit, history, policy, day, new ReceivablesEvent.AccountCured(C, day));
                case 6 -> handle(credit, history, policy, new CreditCommand.ChangeLimit(C, "EUR",
                        amount(random, 250_000), null, random.nextBoolean() ? null : day.plusDays(30),
                        random.nextInt(3) == 0, "analyst's change", day, someone));
                case 7 -> {
                    String id = "APP-" + step;
                    applications.add(id);
                    handle(credit, history, policy, new CreditCommand.SubmitApplication(C, id, "EUR",
                            amount(random, 300_000), new CreditEvent.Financials(amount(random, 9_000_000),
                            amount(random, 2_000_000), new BigDecimal("1.5"), random.nextInt(30)), List.of(),
                            random.nextBoolean() ? 300 + random.nextInt(500) : null, null, day, someone));
                }
                case 8 -> {
                    if (!applications.isEmpty()) {
                        // A decline carries no limit (one with a limit is refused as bad input).
                        boolean decline = random.nextInt(4) == 0;
                        handle(credit, history, policy, new CreditCommand.DecideApplication(C,
                                applications.get(random.nextInt(applications.size())),
                                decline ? CreditCommand.Verdict.DECLINED : CreditCommand.Verdict.APPROVED,
                                decline ? null : amount(random, 300_000), "analyst's view", day, someone));
                    }
                }
                case 9 -> {
                    if (!applications.isEmpty()) {
                        handle(credit, history, policy, new CreditCommand.ConfirmApproval(C,
                                applications.get(random.nextInt(applications.size())), random.nextInt(4) != 0,
                                "second look", day, someone));
                    }
                }
                case 10 -> {
                    var active = credit.file().activeHolds();
                    if (!active.isEmpty() && random.nextBoolean()) {
                        handle(credit, history, policy, new CreditCommand.ReleaseHold(C,
                                active.get(random.nextInt(active.size())).placed.holdId(), "spoke to them", day,
                                someone));
                    } else {
                        handle(credit, history, policy, new CreditCommand.PlaceHold(C, null, "analyst's hold", day,
                                someone));
                    }
                }
                default -> {
                    day = day.plusDays(1 + random.nextInt(40));
                    handle(credit, history, policy, new CreditCommand.RunDay(C, day));
                }
            }
        }
        return history;
    }

    private static void observe(CustomerCredit credit, History history, CreditPolicy policy, LocalDate day,
                                DomainEvent event) {
        EventReference ref = new EventReference("test", UUID.randomUUID().toString(), event.getClass().getSimpleName());
        history.observed.add(ref);
        history.recorded.addAll(CreditDecider.observe(credit, List.of(new Upstream(ref, event)), policy, day));
    }

    private static void handle(CustomerCredit credit, History history, CreditPolicy policy, CreditCommand command) {
        if (CreditDecider.handle(command, credit, null, policy) instanceof Decision.Accepted accepted) {
            history.recorded.addAll(accepted.events());
        }
    }

    private static BigDecimal amount(Random random, int max) {
        return BigDecimal.valueOf(100 + random.nextInt(max) * 100L, 2);
    }
}
