package io.ledgerline.reporting.domain;

import io.ledgerline.reporting.domain.OpenAmountSpans.Invoice;
import io.ledgerline.reporting.domain.OpenAmountSpans.ItemSpan;
import io.ledgerline.reporting.domain.OpenAmountSpans.Mark;
import io.ledgerline.reporting.domain.OpenAmountSpans.Movement;
import io.ledgerline.reporting.domain.OpenAmountSpans.Source;
import io.ledgerline.reporting.domain.OpenAmountSpans.UnappliedSpan;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Given an invoice's (or a customer's) facts, when its spans are worked out, then they say what is open on each day. */
class OpenAmountSpansTest {

    private static final Invoice INVOICE = new Invoice("C-1", "I-1", "EUR", day(1), day(31));

    @Test
    void anInvoicePaidInTwoPartsIsOpenInThreeSpansThenNothing() {
        // given: issued 1,000.00 on the 1st, 400.00 paid on the 10th, the rest on the 20th
        List<Movement> movements = List.of(issued("1000.00", 1), applied("P-1", "-400.00", 10),
                applied("P-2", "-600.00", 20));

        // when
        List<ItemSpan> spans = OpenAmountSpans.invoice(INVOICE, movements, null, Map.of(), List.of());

        // then: 1,000.00 from the 1st to the 9th, 600.00 from the 10th to the 19th, nothing from the 20th
        assertThat(spans).extracting(ItemSpan::from, ItemSpan::until, s -> s.openAmount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(1), day(10), "1000.00"),
                        org.assertj.core.groups.Tuple.tuple(day(10), day(20), "600.00"));
    }

    @Test
    void aLateMovementDatedInThePastChangesTheSpansOfThoseDaysOnly() {
        // given: the payment of the 10th arrives after everything else; the spans are worked out from all the facts
        List<Movement> before = List.of(issued("1000.00", 1));
        List<Movement> after = List.of(issued("1000.00", 1), applied("P-1", "-400.00", 10));

        // when
        List<ItemSpan> first = OpenAmountSpans.invoice(INVOICE, before, null, Map.of(), List.of());
        List<ItemSpan> restated = OpenAmountSpans.invoice(INVOICE, after, null, Map.of(), List.of());

        // then: the days before the 10th keep 1,000.00; from the 10th on it is 600.00
        assertThat(first).extracting(ItemSpan::from, ItemSpan::until)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(1), null));
        assertThat(restated).extracting(ItemSpan::from, ItemSpan::until, s -> s.openAmount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(1), day(10), "1000.00"),
                        org.assertj.core.groups.Tuple.tuple(day(10), null, "600.00"));
    }

    @Test
    void aCancelledInvoiceHoldsNothingFromItsCancelDateAndAReturnedPaymentPaysNothingFromItsReturnDate() {
        // given: 400.00 paid on the 5th by a payment returned on the 12th; the invoice cancelled on the 25th
        List<Movement> movements = List.of(issued("1000.00", 1), applied("P-1", "-400.00", 5));

        // when
        List<ItemSpan> spans = OpenAmountSpans.invoice(INVOICE, movements, day(25), Map.of("P-1", day(12)),
                List.of());

        // then
        assertThat(spans).extracting(ItemSpan::from, ItemSpan::until, s -> s.openAmount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(1), day(5), "1000.00"),
                        org.assertj.core.groups.Tuple.tuple(day(5), day(12), "600.00"),
                        org.assertj.core.groups.Tuple.tuple(day(12), day(25), "1000.00"));
    }

    @Test
    void disputeMarksSplitASpanWithoutChangingItsOpenAmount() {
        // given: 300.00 disputed on the 8th, cleared on the 18th
        List<Mark> marks = List.of(new Mark("I-1", new BigDecimal("300.00"), day(8)),
                new Mark("I-1", new BigDecimal("-300.00"), day(18)));

        // when
        List<ItemSpan> spans = OpenAmountSpans.invoice(INVOICE, List.of(issued("1000.00", 1)), null, Map.of(), marks);

        // then
        assertThat(spans).extracting(ItemSpan::from, s -> s.disputed().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(1), "0"),
                        org.assertj.core.groups.Tuple.tuple(day(8), "300.00"),
                        org.assertj.core.groups.Tuple.tuple(day(18), "0.00"));
        assertThat(spans).allSatisfy(s -> assertThat(s.openAmount()).isEqualByComparingTo("1000.00"));
    }

    @Test
    void moneyReceivedIsUnappliedUntilItIsAppliedAndAgainWhenThePaymentIsUnapplied() {
        // given: 500.00 received on the 3rd, applied on the 6th, unapplied on the 9th, and a payment returned
        List<Source> sources = List.of(new Source("PAYMENT", "P-1", "EUR", new BigDecimal("500.00"), day(3)),
                new Source("PAYMENT", "P-2", "EUR", new BigDecimal("70.00"), day(4)));
        List<Movement> applications = List.of(applied("P-1", "-500.00", 6),
                new Movement("I-1", "EUR", "UNAPPLIED", "PAYMENT", "P-1", new BigDecimal("500.00"), day(9)));

        // when
        List<UnappliedSpan> spans = OpenAmountSpans.unapplied("C-1", sources, applications, Map.of(),
                Map.of("P-2", day(5)));

        // then: 500 from the 3rd, 570 on the 4th, 500 once P-2 is returned on the 5th, nothing from the 6th, 500 again
        // from the 9th
        assertThat(spans).extracting(UnappliedSpan::from, UnappliedSpan::until, s -> s.amount().toPlainString())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(day(3), day(4), "500.00"),
                        org.assertj.core.groups.Tuple.tuple(day(4), day(5), "570.00"),
                        org.assertj.core.groups.Tuple.tuple(day(5), day(6), "500.00"),
                        org.assertj.core.groups.Tuple.tuple(day(9), null, "500.00"));
    }

    private static Movement issued(String amount, int day) {
        return new Movement("I-1", "EUR", "ISSUED", null, null, new BigDecimal(amount), day(day));
    }

    private static Movement applied(String payment, String amount, int day) {
        return new Movement("I-1", "EUR", "APPLIED", "PAYMENT", payment, new BigDecimal(amount), day(day));
    }

    private static LocalDate day(int day) {
        return LocalDate.of(2026, 10, day);
    }
}
