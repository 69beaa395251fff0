package io.ledgerline.credit.domain;

import io.ledgerline.events.common.EventReference;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.ledgerline.credit.domain.CreditScenario.ANALYST;
import static org.assertj.core.api.Assertions.assertThat;

class WhatIfTest {

    static final String C = "C-1042";
    static final LocalDate NOV_1 = LocalDate.of(2026, 11, 1);
    static final LocalDate DEC_1 = LocalDate.of(2026, 12, 1);

    /** An invoice 20 days past due, an application approved on Nov 1, an order checked on Dec 1. */
    static List<WhatIf.Input> history() {
        var invoice = new ReceivablesEvent.InvoiceIssued(C, "INV-1", LocalDate.of(2026, 10, 12),
                LocalDate.of(2026, 11, 11), "EUR", new BigDecimal("5000.00"), null, null);
        var application = new CreditEvent.CreditApplicationReceived(C, "APP-1", "EUR", new BigDecimal("40000.00"),
                new CreditEvent.Financials(new BigDecimal("4200000"), new BigDecimal("900000"), new BigDecimal("1.6"),
                        12), List.of(new CreditEvent.TradeReference("A", null, 1),
                new CreditEvent.TradeReference("B", null, 1), new CreditEvent.TradeReference("C", null, 1)), 720, NOV_1,
                NOV_1, ANALYST);
        var check = new CreditEvent.OrderCreditChecked(C, "SO-1", "EUR", new BigDecimal("3000.00"),
                CheckOutcome.RELEASED, List.of(), "EUR", new BigDecimal("5000.00"), new BigDecimal("8000.00"),
                new BigDecimal("40000.00"), List.of(), DEC_1, DEC_1.plusDays(30));
        return List.of(new WhatIf.Observed(new Upstream(new EventReference("receivables-service", "e-1",
                        "io.ledgerline.receivables.InvoiceIssued.v1"), invoice)),
                new WhatIf.Recorded(application), new WhatIf.Recorded(check));
    }

    @Test
    void a_stricter_past_due_rule_would_have_held_the_order_and_says_how_much_it_would_have_blocked() {
        WhatIf.Result result = WhatIf.compare(Map.of(C, history()), Policies.defaults(),
                Policies.with(Map.of("rules.past-due.days", "10", "policy.name", "stricter")), NOV_1, DEC_1);

        assertThat(result.recordedOrders()).isEqualTo(1);
        assertThat(result.recordedOrdersReproduced()).as("the replay under the policy in force answers as recorded")
                .isEqualTo(1);
        assertThat(result.applications()).isEmpty();
        assertThat(result.orders()).singleElement().satisfies(o -> {
            assertThat(o.orderId()).isEqualTo("SO-1");
            assertThat(o.current()).isEqualTo(CheckOutcome.RELEASED);
            assertThat(o.proposed()).isEqualTo(CheckOutcome.HELD);
        });
        assertThat(result.blockedOnlyUnderProposed()).isEqualByComparingTo("3000");
        assertThat(result.releasedOnlyUnderProposed()).isEqualByComparingTo("0");
        assertThat(result.holdsByRuleCurrent()).isEmpty();
        assertThat(result.holdsByRuleProposed()).containsEntry("PAST_DUE", 1);
    }

    @Test
    void a_scorecard_that_approves_alone_only_in_class_C_would_have_referred_the_application() {
        WhatIf.Result result = WhatIf.compare(Map.of(C, history()), Policies.defaults(),
                Policies.with(Map.of("decisions.auto-approve-classes", "C")), NOV_1, DEC_1);

        assertThat(result.applications()).singleElement().satisfies(a -> {
            assertThat(a.currentDecision()).isEqualTo("APPROVED");
            assertThat(a.proposedDecision()).isEqualTo("REFERRED");
            // 815 points: class A (the behaviour so far counts: nothing past due on Nov 1, no broken promise).
            assertThat(a.currentClass()).isEqualTo("A");
        });
        // Without the approved limit the order meets the no-limit policy.
        assertThat(result.orders()).singleElement()
                .satisfies(o -> assertThat(o.proposed()).isEqualTo(CheckOutcome.REJECTED));
    }

    @Test
    void the_same_policy_changes_nothing() {
        WhatIf.Result result = WhatIf.compare(Map.of(C, history()), Policies.defaults(), Policies.defaults(), NOV_1,
                DEC_1);
        assertThat(result.applications()).isEmpty();
        assertThat(result.orders()).isEmpty();
        assertThat(result.holds()).isEmpty();
        assertThat(result.applicationsCompared()).isEqualTo(1);
        assertThat(result.ordersCompared()).isEqualTo(1);
    }

    @Test
    void a_credit_group_is_replayed_as_one_its_members_orders_weighed_against_the_group_and_its_rules() {
        String parent = "C-P";
        String member = "C-M";
        var limit = new CreditEvent.CreditLimitChanged(parent, "EUR", null, new BigDecimal("10000.00"), NOV_1, null,
                false, "group limit", null, null, ANALYST);
        var grouped = new CreditEvent.CreditGroupChanged(parent, "G-1", List.of(member), NOV_1, ANALYST);
        // Due on Nov 5: 26 days past due on Dec 1, within the 30 days the policy in force allows.
        var memberInvoice = new ReceivablesEvent.InvoiceIssued(member, "INV-M1", LocalDate.of(2026, 10, 6),
                LocalDate.of(2026, 11, 5), "EUR", new BigDecimal("6000.00"), null, null);
        // Recorded under the group's limit of 10,000 with 6,000 open: 3,000 fits.
        var check = new CreditEvent.OrderCreditChecked(member, "SO-M1", "EUR", new BigDecimal("3000.00"),
                CheckOutcome.RELEASED, List.of(), "EUR", new BigDecimal("6000.00"), new BigDecimal("9000.00"),
                new BigDecimal("10000.00"), List.of(), DEC_1, DEC_1.plusDays(30));
        List<WhatIf.Input> unit = List.of(new WhatIf.Recorded(limit), new WhatIf.Recorded(grouped),
                new WhatIf.Observed(new Upstream(new EventReference("receivables-service", "e-m1",
                        "io.ledgerline.receivables.InvoiceIssued.v1"), memberInvoice)),
                new WhatIf.Recorded(check));

        WhatIf.Result same = WhatIf.compare(Map.of("group:" + parent, unit), Policies.defaults(),
                Policies.defaults(), NOV_1, DEC_1);
        assertThat(same.customers()).isEqualTo(2);
        assertThat(same.recordedOrdersReproduced()).as("the member's check is reproduced against the group's limit")
                .isEqualTo(1);
        assertThat(same.orders()).isEmpty();

        // Alone, the member has no limit: only the group's replay reproduces its release.
        WhatIf.Result alone = WhatIf.compare(Map.of(member, List.of(unit.get(2), unit.get(3))), Policies.defaults(),
                Policies.defaults(), NOV_1, DEC_1);
        assertThat(alone.recordedOrdersReproduced()).isZero();

        // Past due after 10 days: the member's invoice is all the group's exposure past due, so the group's rule holds
        // the group (on the parent), and the member's order with it. The member's own rules could not: it has no limit.
        WhatIf.Result stricter = WhatIf.compare(Map.of("group:" + parent, unit), Policies.defaults(),
                Policies.with(Map.of("rules.past-due.days", "10")), NOV_1, DEC_1);
        assertThat(stricter.orders()).singleElement().satisfies(o -> {
            assertThat(o.customerId()).isEqualTo(member);
            assertThat(o.current()).isEqualTo(CheckOutcome.RELEASED);
            assertThat(o.proposed()).isEqualTo(CheckOutcome.HELD);
        });
        assertThat(stricter.holdsByRuleProposed()).containsEntry("PAST_DUE", 1);
        assertThat(stricter.holds()).singleElement().satisfies(h -> assertThat(h.customerId()).isEqualTo(parent));
        assertThat(stricter.blockedOnlyUnderProposed()).isEqualByComparingTo("3000");
    }
}
