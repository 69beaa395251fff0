package io.ledgerline.credit.domain;

import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CreditHoldPlaced;
import io.ledgerline.events.credit.CreditEvent.CreditHoldReleased;
import io.ledgerline.events.credit.CreditEvent.CreditLimitChanged;
import io.ledgerline.events.credit.CreditEvent.HoldScope;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static io.ledgerline.credit.domain.CreditScenario.ANALYST;
import static io.ledgerline.credit.domain.CreditScenario.TODAY;
import static io.ledgerline.credit.domain.CreditScenario.customer;
import static org.assertj.core.api.Assertions.assertThat;

/** Given a credit group's customers, when its rules are weighed as a whole, then a GROUP hold on the parent (or not). */
class GroupRulesTest {

    static final String PARENT = "C-PARENT";
    static final String DAUGHTER = "C-DAUGHTER";
    static final String SON = "C-SON";

    static CreditLimitChanged limit(String customerId, String amount) {
        return new CreditLimitChanged(customerId, "EUR", null, new BigDecimal(amount), TODAY.minusMonths(3), null,
                false, "set", null, null, ANALYST);
    }

    static ReceivablesEvent.InvoiceIssued invoice(String customerId, String id, int daysOverdue, String amount) {
        return new ReceivablesEvent.InvoiceIssued(customerId, id, TODAY.minusDays(daysOverdue + 30),
                TODAY.minusDays(daysOverdue), "EUR", new BigDecimal(amount), null, null);
    }

    static CreditDecider.GroupContext group(CreditScenario parent, CreditScenario... members) {
        return new CreditDecider.GroupContext("G-1", parent.credit,
                List.of(members).stream().map(m -> m.credit).toList());
    }

    @Test
    void members_each_within_their_own_share_can_together_put_the_group_over_its_limit() {
        CreditScenario parent = customer(PARENT).givenCredit(limit(PARENT, "10000.00"))
                .given(invoice(PARENT, "P-1", -10, "3000.00"));
        CreditScenario daughter = customer(DAUGHTER).given(invoice(DAUGHTER, "D-1", -10, "5000.00"));
        CreditScenario son = customer(SON).given(invoice(SON, "S-1", -10, "4000.00"));

        List<CreditEvent> events = CreditDecider.weighGroup(group(parent, daughter, son), parent.policy, TODAY);

        assertThat(events).singleElement().isInstanceOfSatisfying(CreditHoldPlaced.class, hold -> {
            assertThat(hold.customerId()).isEqualTo(PARENT);
            assertThat(hold.rule()).isEqualTo("OVER_LIMIT");
            assertThat(hold.scope()).isEqualTo(HoldScope.GROUP);
            assertThat(hold.groupId()).isEqualTo("G-1");
            assertThat(hold.reason()).contains("12000.00 EUR").contains("credit group G-1");
            assertThat(hold.sourceEvents()).hasSize(3);
        });
        // Nobody alone is over a limit: no customer hold.
        assertThat(parent.credit.file().activeHolds()).extracting(h -> h.placed.scope()).containsOnly(HoldScope.GROUP);
    }

    @Test
    void what_is_past_due_across_the_group_is_weighed_against_the_parents_class() {
        CreditScenario parent = customer(PARENT).givenCredit(limit(PARENT, "50000.00"))
                .given(invoice(PARENT, "P-1", -10, "4000.00"));
        // The daughter has no limit of her own, so her own rules weigh nothing; the group's see her past due.
        CreditScenario daughter = customer(DAUGHTER).given(invoice(DAUGHTER, "D-1", 45, "3000.00"));

        List<CreditEvent> events = CreditDecider.weighGroup(group(parent, daughter), parent.policy, TODAY);

        CreditHoldPlaced hold = (CreditHoldPlaced) events.getFirst();
        assertThat(hold.rule()).isEqualTo("PAST_DUE");
        assertThat(hold.scope()).isEqualTo(HoldScope.GROUP);
        // 3,000 of 7,000 is 42.86 %, above the 25 % an unrated parent allows.
        assertThat(hold.reason()).contains("3000.00 EUR").contains("42.86 %");
    }

    @Test
    void a_group_hold_is_released_once_the_group_is_back_within_limit_and_the_customer_rules_leave_it_alone() {
        CreditScenario parent = customer(PARENT).givenCredit(limit(PARENT, "10000.00"))
                .given(invoice(PARENT, "P-1", -10, "3000.00"));
        CreditScenario daughter = customer(DAUGHTER).given(invoice(DAUGHTER, "D-1", -10, "9000.00"));
        CreditHoldPlaced placed = (CreditHoldPlaced) CreditDecider.weighGroup(group(parent, daughter), parent.policy,
                TODAY).getFirst();

        // The parent's own rules do not see the group's hold as theirs: they neither release it nor count it.
        assertThat(CreditDecider.weigh(parent.credit, parent.policy, TODAY)).isEmpty();

        daughter.given(new ReceivablesEvent.CreditNoteIssued(DAUGHTER, "CN-1", TODAY, "EUR",
                new BigDecimal("5000.00"), "D-1", "returned goods"));
        List<CreditEvent> events = CreditDecider.weighGroup(group(parent, daughter), parent.policy, TODAY);
        assertThat(events).singleElement().isInstanceOfSatisfying(CreditHoldReleased.class, released -> {
            assertThat(released.holdId()).isEqualTo(placed.holdId());
            assertThat(released.reason()).isEqualTo(CreditEvent.ReleaseReason.PAID);
        });
    }

    @Test
    void a_member_checking_an_order_is_held_by_the_groups_hold() {
        CreditScenario parent = customer(PARENT).givenCredit(limit(PARENT, "10000.00"))
                .given(invoice(PARENT, "P-1", -10, "3000.00"));
        CreditScenario daughter = customer(DAUGHTER).given(invoice(DAUGHTER, "D-1", -10, "9000.00"));
        CreditDecider.weighGroup(group(parent, daughter), parent.policy, TODAY);
        daughter.group = group(parent, daughter);

        daughter.when(new CreditCommand.CheckOrder(DAUGHTER, "SO-1", "EUR", new BigDecimal("1.00"), TODAY));

        CreditEvent.OrderCreditChecked checked = daughter.the(CreditEvent.OrderCreditChecked.class);
        assertThat(checked.outcome()).isEqualTo(CreditEvent.CheckOutcome.HELD);
        assertThat(checked.reasons()).extracting(CreditEvent.CheckReason::code).contains("GROUP_HOLD_IN_FORCE");
    }
}
