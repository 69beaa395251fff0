package io.ledgerline.credit.domain;

import io.ledgerline.events.common.Actor;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.credit.CreditEvent.CheckReason;
import io.ledgerline.events.credit.CreditEvent.OrderClosed;
import io.ledgerline.events.credit.CreditEvent.OrderClosure;
import io.ledgerline.events.credit.CreditEvent.OrderCreditChecked;
import io.ledgerline.events.credit.CreditEvent.OrderReleased;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of a credit file shares its orders with the original (a check copies the file, not every order of the
 * customer's history): changing an order in one must never change it in the other.
 */
class CreditFileCopyTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private static OrderCreditChecked held(String orderId) {
        return new OrderCreditChecked("C-1", orderId, "EUR", new BigDecimal("100.00"), CheckOutcome.HELD,
                List.of(new CheckReason("OVER_LIMIT", "over the limit")), "EUR", new BigDecimal("900.00"),
                new BigDecimal("1000.00"), new BigDecimal("950.00"), List.of(), DAY, DAY.plusDays(30));
    }

    @Test
    void releasing_or_closing_an_order_in_a_copy_leaves_the_original_as_it_was() {
        CreditFile original = new CreditFile("C-1");
        original.evolve(held("SO-1"));
        original.evolve(held("SO-2"));

        CreditFile copy = original.copy();
        copy.evolve(new OrderReleased("C-1", "SO-1", "EUR", new BigDecimal("100.00"), "paid up", DAY,
                new Actor("kim", List.of("credit-analyst"))));
        copy.evolve(new OrderClosed("C-1", "SO-2", OrderClosure.CANCELLED, null, DAY));
        copy.evolve(held("SO-3"));

        assertThat(original.order("SO-1").status()).isEqualTo(CreditFile.OrderStatus.HELD);
        assertThat(original.order("SO-1").decidedBy()).isNull();
        assertThat(original.order("SO-2").status()).isEqualTo(CreditFile.OrderStatus.HELD);
        assertThat(original.order("SO-2").closure()).isNull();
        assertThat(original.order("SO-3")).isNull();
        assertThat(copy.order("SO-1").status()).isEqualTo(CreditFile.OrderStatus.RELEASED);
        assertThat(copy.order("SO-1").decisionReason()).isEqualTo("paid up");
        assertThat(copy.order("SO-2").status()).isEqualTo(CreditFile.OrderStatus.CLOSED);
        // The copy keeps the orders in the order they were checked, a changed one in its old place.
        assertThat(copy.orders()).extracting(o -> o.check.orderId()).containsExactly("SO-1", "SO-2", "SO-3");
    }

    @Test
    void a_copy_of_a_copy_is_as_independent() {
        CreditFile original = new CreditFile("C-1");
        original.evolve(held("SO-1"));
        CreditFile first = original.copy();
        CreditFile second = first.copy();

        second.evolve(new OrderClosed("C-1", "SO-1", OrderClosure.INVOICED, "INV-1", DAY));

        assertThat(original.order("SO-1").status()).isEqualTo(CreditFile.OrderStatus.HELD);
        assertThat(first.order("SO-1").status()).isEqualTo(CreditFile.OrderStatus.HELD);
        assertThat(second.order("SO-1").invoiceId()).isEqualTo("INV-1");
    }
}
