package io.ledgerline.collections.domain;

import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.collections.CollectionsEvent.DunningPaused;
import io.ledgerline.events.collections.CollectionsEvent.DunningResumed;
import io.ledgerline.events.collections.CollectionsEvent.PromiseToPayBroken;
import io.ledgerline.events.collections.CollectionsEvent.PromiseToPayKept;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static io.ledgerline.collections.domain.Facts.COLLECTOR;
import static io.ledgerline.collections.domain.Facts.CUSTOMER;
import static io.ledgerline.collections.domain.Facts.applied;
import static io.ledgerline.collections.domain.Facts.customer;
import static io.ledgerline.collections.domain.Facts.delinquent;
import static io.ledgerline.collections.domain.Facts.invoice;
import static io.ledgerline.collections.domain.Facts.payment;
import static io.ledgerline.collections.domain.Scenario.only;
import static org.assertj.core.api.Assertions.assertThat;

class PromisesAndPlansTest {

    static final LocalDate DUE = LocalDate.of(2026, 10, 31);
    static final LocalDate TODAY = LocalDate.of(2026, 11, 10);
    static final LocalDate PROMISED = LocalDate.of(2026, 11, 20);

    private Scenario withPromise(BigDecimal threshold, int grace) {
        Scenario s = Scenario.given(Policies.standard(threshold, grace), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "1000.00", DUE), delinquent(DUE.plusDays(1), DUE, "1000.00"));
        List<CollectionsEvent> made = s.accepted(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("1000.00"),
                PROMISED, List.of("INV-1"), null), TODAY, COLLECTOR);
        assertThat(only(made, DunningPaused.class)).singleElement().satisfies(p -> {
            assertThat(p.reasonCode()).isEqualTo("PROMISE_TO_PAY");
            assertThat(p.to()).isEqualTo(PROMISED.plusDays(grace));
        });
        return s;
    }

    private void pay(Scenario s, String id, String amount, LocalDate on) {
        s.fact(payment(id, amount, on));
        s.fact(applied(id, "INV-1", amount, on));
    }

    @ParameterizedTest(name = "threshold {0} %: paid {1} of 1000.00 → {2}")
    @CsvSource({
            "90, 900.00, KEPT",
            "90, 899.99, BROKEN",
            "100, 1000.00, KEPT",
            "100, 999.99, BROKEN",
            "50, 500.00, KEPT",
            "50, 499.99, BROKEN"})
    void kept_or_broken_at_the_threshold_edge(BigDecimal threshold, String paid, String outcome) {
        Scenario s = withPromise(threshold, 3);
        pay(s, "PAY-1", paid, PROMISED.plusDays(3));
        List<CollectionsEvent> run = s.run(PROMISED.plusDays(4));
        if (outcome.equals("KEPT")) {
            assertThat(only(run, PromiseToPayKept.class)).singleElement().satisfies(k -> {
                assertThat(k.paid()).isEqualByComparingTo(paid);
                assertThat(k.paymentIds()).containsExactly("PAY-1");
            });
        } else {
            assertThat(only(run, PromiseToPayBroken.class)).singleElement().satisfies(b -> {
                assertThat(b.paid()).isEqualByComparingTo(paid);
                assertThat(b.shortfall()).isEqualByComparingTo(new BigDecimal("1000.00").subtract(new BigDecimal(paid)));
                assertThat(b.asOf()).isEqualTo(PROMISED.plusDays(4));
            });
        }
    }

    @Test
    void a_payment_after_grace_does_not_count_and_the_last_day_of_grace_does() {
        Scenario late = withPromise(new BigDecimal("90"), 3);
        pay(late, "PAY-1", "1000.00", PROMISED.plusDays(4));
        assertThat(only(late.run(PROMISED.plusDays(4)), PromiseToPayBroken.class)).hasSize(1);

        Scenario onTime = withPromise(new BigDecimal("90"), 3);
        pay(onTime, "PAY-1", "1000.00", PROMISED.plusDays(3));
        assertThat(only(onTime.run(PROMISED.plusDays(3)), PromiseToPayKept.class)).hasSize(1);
    }

    @Test
    void within_grace_an_unpaid_promise_is_still_open_and_a_kept_one_is_decided_early() {
        Scenario s = withPromise(new BigDecimal("90"), 3);
        assertThat(s.run(PROMISED.plusDays(3))).isEmpty();
        pay(s, "PAY-1", "950.00", PROMISED.plusDays(3));
        List<CollectionsEvent> run = s.run(PROMISED.plusDays(3));
        assertThat(only(run, PromiseToPayKept.class)).hasSize(1);
        assertThat(only(run, DunningResumed.class)).singleElement()
                .satisfies(r -> assertThat(r.reasonCode()).isEqualTo("PROMISE_KEPT"));
        assertThat(s.run(PROMISED.plusDays(10))).noneMatch(e -> e instanceof PromiseToPayBroken);
    }

    @Test
    void payments_made_before_the_promise_do_not_count() {
        Scenario s = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "2000.00", DUE), delinquent(DUE.plusDays(1), DUE, "2000.00"));
        s.fact(payment("PAY-0", "1000.00", TODAY.minusDays(1)));
        s.fact(applied("PAY-0", "INV-1", "1000.00", TODAY.minusDays(1)));
        s.accepted(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("1000.00"), PROMISED, List.of(), null),
                TODAY, COLLECTOR);
        assertThat(only(s.run(PROMISED.plusDays(4)), PromiseToPayBroken.class)).singleElement()
                .satisfies(b -> assertThat(b.paid()).isEqualByComparingTo("0"))
                // Nothing paid reads 0.00 in the event, in the currency's minor units, not a bare 0.
                .satisfies(b -> assertThat(b.paid().toPlainString()).isEqualTo("0.00"));
    }

    @Test
    void a_promise_is_checked_before_it_is_made() {
        Scenario s = withPromise(new BigDecimal("90"), 3);
        assertThat(s.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("10.00"), PROMISED,
                List.of(), null), TODAY, COLLECTOR).code()).isEqualTo("PROMISE_ALREADY_OPEN");
        Scenario fresh = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "1000.00", DUE), delinquent(DUE.plusDays(1), DUE, "1000.00"));
        assertThat(fresh.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("10.001"), PROMISED,
                List.of(), null), TODAY, COLLECTOR).field()).isEqualTo("amount");
        assertThat(fresh.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("10.00"),
                TODAY.minusDays(1), List.of(), null), TODAY, COLLECTOR).field()).isEqualTo("dueDate");
        assertThat(fresh.rejected(new CaseCommand.MakePromise(CUSTOMER, "EURO", new BigDecimal("10.00"), PROMISED,
                List.of(), null), TODAY, COLLECTOR).field()).isEqualTo("currency");
        assertThat(fresh.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("10.00"), PROMISED,
                List.of("INV-1", "INV-X"), null), TODAY, COLLECTOR).field()).isEqualTo("invoiceIds[1]");
    }

    @Test
    void a_promise_and_a_plan_never_count_the_same_payments() {
        Scenario s = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "600.00", DUE), invoice("INV-2", "400.00", DUE),
                delinquent(DUE.plusDays(1), DUE, "1000.00"));
        s.accepted(new CaseCommand.AgreePlan(CUSTOMER, "EUR", List.of(
                new CaseCommand.InstalmentTerms(TODAY.plusDays(10), new BigDecimal("300.00")),
                new CaseCommand.InstalmentTerms(TODAY.plusDays(40), new BigDecimal("300.00"))), List.of("INV-1")),
                TODAY, COLLECTOR);
        // A payment to INV-1 would meet an instalment and keep the promise at once.
        assertThat(s.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("100.00"), PROMISED,
                List.of(), null), TODAY, COLLECTOR).code()).isEqualTo("COVERED_BY_PLAN");
        assertThat(s.rejected(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("100.00"), PROMISED,
                List.of("INV-1", "INV-2"), null), TODAY, COLLECTOR).code()).isEqualTo("COVERED_BY_PLAN");
        // INV-2 is the plan's no more: a promise for it alone is one of its own.
        s.accepted(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("400.00"), PROMISED, List.of("INV-2"),
                null), TODAY, COLLECTOR);

        Scenario promised = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "600.00", DUE), delinquent(DUE.plusDays(1), DUE, "600.00"));
        promised.accepted(new CaseCommand.MakePromise(CUSTOMER, "EUR", new BigDecimal("600.00"), PROMISED, List.of(),
                null), TODAY, COLLECTOR);
        assertThat(promised.rejected(new CaseCommand.AgreePlan(CUSTOMER, "EUR", List.of(
                new CaseCommand.InstalmentTerms(TODAY.plusDays(10), new BigDecimal("300.00"))), List.of("INV-1")),
                TODAY, COLLECTOR).code()).isEqualTo("COVERED_BY_PROMISE");
    }

    @Test
    void instalments_missed_after_grace_and_the_plan_broken_at_the_second_miss() {
        Scenario s = Scenario.given(Policies.standard(), customer("DE", "Europe/Berlin"),
                invoice("INV-1", "900.00", DUE), delinquent(DUE.plusDays(1), DUE, "900.00"));
        List<CollectionsEvent> agreed = s.accepted(new CaseCommand.AgreePlan(CUSTOMER, "EUR", List.of(
                new CaseCommand.InstalmentTerms(TODAY.plusDays(10), new BigDecimal("300.00")),
                new CaseCommand.InstalmentTerms(TODAY.plusDays(40), new BigDecimal("300.00")),
                new CaseCommand.InstalmentTerms(TODAY.plusDays(70), new BigDecimal("300.00"))), List.of()), TODAY, COLLECTOR);
        assertThat(only(agreed, CollectionsEvent.PaymentPlanAgreed.class)).singleElement()
                .satisfies(p -> assertThat(p.total()).isEqualByComparingTo("900.00"));
        pay(s, "PAY-1", "300.00", TODAY.plusDays(12));
        // Paid within the 5 days of grace: the first instalment is met.
        assertThat(s.run(TODAY.plusDays(16))).isEmpty();
        pay(s, "PAY-2", "100.00", TODAY.plusDays(44));
        List<CollectionsEvent> second = s.run(TODAY.plusDays(46));
        assertThat(only(second, CollectionsEvent.InstalmentMissed.class)).singleElement().satisfies(m -> {
            assertThat(m.instalment()).isEqualTo(2);
            assertThat(m.paid()).isEqualByComparingTo("100.00");
            assertThat(m.missedSoFar()).isEqualTo(1);
        });
        assertThat(s.run(TODAY.plusDays(47))).isEmpty();
        List<CollectionsEvent> third = s.run(TODAY.plusDays(76));
        assertThat(only(third, CollectionsEvent.InstalmentMissed.class)).singleElement()
                .satisfies(m -> assertThat(m.missedSoFar()).isEqualTo(2));
        assertThat(only(third, CollectionsEvent.PaymentPlanBroken.class)).hasSize(1);
        assertThat(only(third, DunningResumed.class)).singleElement()
                .satisfies(r -> assertThat(r.reasonCode()).isEqualTo("PLAN_BROKEN"));
        // Dunning resumes at once: the case is far past due by now.
        assertThat(only(third, CollectionsEvent.DunningLevelReached.class)).hasSize(1);
    }
}
