package io.ledgerline.credit.domain;

import io.ledgerline.credit.domain.CreditCommand.CheckOrder;
import io.ledgerline.credit.domain.CreditCommand.SubmitApplication;
import io.ledgerline.events.collections.CollectionsEvent;
import io.ledgerline.events.credit.CreditEvent;
import io.ledgerline.events.credit.CreditEvent.CheckOutcome;
import io.ledgerline.events.credit.CreditEvent.CheckReason;
import io.ledgerline.events.credit.CreditEvent.CreditDecisionMade;
import io.ledgerline.events.credit.CreditEvent.CreditHoldPlaced;
import io.ledgerline.events.credit.CreditEvent.CreditLimitChanged;
import io.ledgerline.events.credit.CreditEvent.Financials;
import io.ledgerline.events.credit.CreditEvent.OrderCreditChecked;
import io.ledgerline.events.credit.CreditEvent.TradeReference;
import io.ledgerline.events.disputes.DisputesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static io.ledgerline.credit.domain.CreditScenario.ANALYST;
import static io.ledgerline.credit.domain.CreditScenario.MANAGER;
import static io.ledgerline.credit.domain.CreditScenario.OTHER_ANALYST;
import static io.ledgerline.credit.domain.CreditScenario.TODAY;
import static io.ledgerline.credit.domain.CreditScenario.customer;
import static org.assertj.core.api.Assertions.assertThat;

class CreditDeciderTest {

    static final String C = "C-1042";

    static SubmitApplication application(String id, String amount) {
        return new SubmitApplication(C, id, "EUR", new BigDecimal(amount),
                new Financials(new BigDecimal("4200000"), new BigDecimal("900000"), new BigDecimal("1.6"), 12),
                List.of(new TradeReference("Baltic Pallets AB", null, 4), new TradeReference("Oder Freight", null, 2),
                        new TradeReference("Elbe Steel", null, 7)), 720, TODAY.minusDays(10), TODAY, ANALYST);
    }

    static CreditCommand.ChangeLimit limit(String amount) {
        return new CreditCommand.ChangeLimit(C, "EUR", new BigDecimal(amount), null, null, false, "opening limit",
                TODAY, ANALYST);
    }

    static ReceivablesEvent.InvoiceIssued invoice(String id, String amount, LocalDate issued, String po) {
        return new ReceivablesEvent.InvoiceIssued(C, id, issued, issued.plusDays(30), "EUR", new BigDecimal(amount), po,
                null);
    }

    static CheckOrder order(String id, String amount) {
        return new CheckOrder(C, id, "EUR", new BigDecimal(amount), TODAY);
    }

    @Nested
    class Applications {

        @Test
        void within_policy_the_scorecard_approves_sets_the_limit_and_the_risk_class() {
            var s = customer(C).when(application("APP-1", "40000.00"));

            assertThat(s.types()).containsExactly(CreditEvent.CreditApplicationReceived.class,
                    CreditDecisionMade.class, CreditLimitChanged.class, CreditEvent.RiskClassChanged.class);
            CreditDecisionMade decision = s.the(CreditDecisionMade.class);
            assertThat(decision.decision()).isEqualTo(CreditEvent.Decision.APPROVED);
            assertThat(decision.score()).isEqualTo(735);
            assertThat(decision.riskClass()).isEqualTo("B");
            assertThat(decision.approvedLimit()).isEqualByComparingTo("40000");
            assertThat(decision.by()).isNull();
            assertThat(decision.featurePoints()).hasSize(12);
            assertThat(decision.adverseFactors()).isNotEmpty();
            assertThat(s.the(CreditLimitChanged.class).newLimit()).isEqualByComparingTo("40000");
            assertThat(s.the(CreditEvent.RiskClassChanged.class).nextReviewDate()).isEqualTo(TODAY.plusMonths(12));
        }

        @Test
        void above_what_the_scorecard_approves_alone_it_is_referred() {
            var s = customer(C).when(application("APP-1", "80000.00"));

            CreditDecisionMade decision = s.the(CreditDecisionMade.class);
            assertThat(decision.decision()).isEqualTo(CreditEvent.Decision.REFERRED);
            assertThat(decision.reason()).contains("above what the scorecard approves alone");
            assertThat(s.types()).doesNotContain(CreditLimitChanged.class);
        }

        @Test
        void the_same_application_twice_records_nothing_new_and_another_under_its_id_is_refused() {
            var s = customer(C).givenCommand(application("APP-1", "40000.00"))
                    .when(application("APP-1", "40000.00"));
            assertThat(s.recorded).isEmpty();
            assertThat(s.rejection).isNull();

            s.when(application("APP-1", "45000.00"));
            assertThat(s.rejection.code()).isEqualTo("APPLICATION_ID_IN_USE");
        }

        @Test
        void an_analyst_approval_above_the_four_eyes_amount_waits_for_a_second_person() {
            var s = customer(C).givenCommand(application("APP-1", "150000.00"))
                    .when(new CreditCommand.DecideApplication(C, "APP-1", CreditCommand.Verdict.APPROVED,
                            new BigDecimal("150000.00"), "ten years of prompt payment elsewhere", TODAY, OTHER_ANALYST));

            assertThat(s.types()).containsExactly(CreditEvent.CreditApprovalRequested.class);

            s.when(new CreditCommand.ConfirmApproval(C, "APP-1", true, "looks fine", TODAY, OTHER_ANALYST));
            assertThat(s.rejection.code()).isEqualTo("FOUR_EYES");
            // Nor may the person who entered the application confirm it.
            s.when(new CreditCommand.ConfirmApproval(C, "APP-1", true, "looks fine", TODAY, ANALYST));
            assertThat(s.rejection.code()).isEqualTo("FOUR_EYES");

            s.when(new CreditCommand.ConfirmApproval(C, "APP-1", true, "references checked", TODAY, MANAGER));
            CreditDecisionMade decision = s.the(CreditDecisionMade.class);
            assertThat(decision.decision()).isEqualTo(CreditEvent.Decision.APPROVED);
            assertThat(decision.by()).isEqualTo(OTHER_ANALYST);
            assertThat(decision.approvedBy()).isEqualTo(MANAGER);
            assertThat(s.the(CreditLimitChanged.class).newLimit()).isEqualByComparingTo("150000");
        }

        @Test
        void a_decline_sent_with_a_limit_is_refused_not_taken_without_it() {
            var s = customer(C).givenCommand(application("APP-1", "150000.00"))
                    .when(new CreditCommand.DecideApplication(C, "APP-1", CreditCommand.Verdict.DECLINED,
                            new BigDecimal("5000.00"), "too little history", TODAY, OTHER_ANALYST));
            assertThat(s.rejection.code()).isEqualTo("NOT_ALLOWED");
            assertThat(s.rejection.field()).isEqualTo("limit");

            s.when(new CreditCommand.DecideApplication(C, "APP-1", CreditCommand.Verdict.DECLINED, null,
                    "too little history", TODAY, OTHER_ANALYST));
            assertThat(s.the(CreditDecisionMade.class).decision()).isEqualTo(CreditEvent.Decision.DECLINED);
        }

        @Test
        void a_limit_above_the_four_eyes_amount_cannot_be_set_directly() {
            var s = customer(C).when(limit("120000.00"));
            assertThat(s.rejection.code()).isEqualTo("FOUR_EYES_REQUIRED");
        }
    }

    @Nested
    class OrderChecks {

        @Test
        void an_order_within_the_limit_is_released_and_counts_as_exposure() {
            var s = customer(C).given(invoice("INV-1", "6000.00", TODAY.minusDays(10), null))
                    .givenCommand(limit("10000.00"))
                    .when(order("SO-1", "3000.00"));

            OrderCreditChecked check = s.the(OrderCreditChecked.class);
            assertThat(check.outcome()).isEqualTo(CheckOutcome.RELEASED);
            assertThat(check.exposureBefore()).isEqualByComparingTo("6000");
            assertThat(check.exposureAfter()).isEqualByComparingTo("9000");
            assertThat(check.limit()).isEqualByComparingTo("10000");
            assertThat(check.expiresOn()).isEqualTo(TODAY.plusDays(30));
            assertThat(s.exposure().total()).isEqualByComparingTo("9000");
            assertThat(s.exposure().utilisation()).isEqualByComparingTo("90.00");
            assertThat(s.exposure().headroom()).isEqualByComparingTo("1000");
        }

        @Test
        void an_order_over_the_limit_is_held_and_a_retry_gets_the_same_answer_without_a_new_event() {
            var s = customer(C).given(invoice("INV-1", "6000.00", TODAY.minusDays(10), null))
                    .givenCommand(limit("10000.00"))
                    .when(order("SO-1", "5000.00"));
            assertThat(s.the(OrderCreditChecked.class).outcome()).isEqualTo(CheckOutcome.HELD);
            assertThat(s.the(OrderCreditChecked.class).reasons()).extracting(CheckReason::code).containsExactly("OVER_LIMIT");

            s.when(order("SO-1", "5000.00"));
            assertThat(s.recorded).isEmpty();
            assertThat(s.credit.file().order("SO-1").check.outcome()).isEqualTo(CheckOutcome.HELD);

            s.when(order("SO-1", "4000.00"));
            assertThat(s.rejection.code()).isEqualTo("ORDER_ID_IN_USE");
        }

        @Test
        void a_held_order_split_in_two_cannot_slip_through_while_it_waits() {
            var s = customer(C).given(invoice("INV-1", "6000.00", TODAY.minusDays(10), null))
                    .givenCommand(limit("10000.00"))
                    .givenCommand(order("SO-1", "5000.00"));
            // Half of it alone would fit beside the open AR, but the held order still counts.
            s.when(order("SO-1a", "2500.00"));
            assertThat(s.the(OrderCreditChecked.class).outcome()).isEqualTo(CheckOutcome.HELD);
            assertThat(s.the(OrderCreditChecked.class).exposureBefore()).isEqualByComparingTo("11000");

            // Once the ERP cancels the big one, the halves are weighed on their own.
            s.givenCommand(new CreditCommand.CancelOrder(C, "SO-1", TODAY))
                    .givenCommand(new CreditCommand.CancelOrder(C, "SO-1a", TODAY))
                    .when(order("SO-1b", "2500.00"));
            assertThat(s.the(OrderCreditChecked.class).outcome()).isEqualTo(CheckOutcome.RELEASED);
        }

        @Test
        void a_customer_credit_knows_nothing_about_is_rejected_by_policy() {
            var s = customer("C-NEW").when(new CheckOrder("C-NEW", "SO-9", "EUR", new BigDecimal("100.00"), TODAY));
            OrderCreditChecked check = s.the(OrderCreditChecked.class);
            assertThat(check.outcome()).isEqualTo(CheckOutcome.REJECTED);
            assertThat(check.reasons()).extracting(CheckReason::code).containsExactly("NO_CREDIT_LIMIT");
            assertThat(check.limit()).isNull();
        }

        @Test
        void an_invoice_naming_the_order_closes_it_and_its_amount_counts_once() {
            var s = customer(C).givenCommand(limit("10000.00")).givenCommand(order("SO-1", "3000.00"))
                    .whenUpstream(invoice("INV-9", "3000.00", TODAY, "SO-1"));
            CreditEvent.OrderClosed closed = s.the(CreditEvent.OrderClosed.class);
            assertThat(closed.closure()).isEqualTo(CreditEvent.OrderClosure.INVOICED);
            assertThat(closed.invoiceId()).isEqualTo("INV-9");
            assertThat(s.exposure().total()).isEqualByComparingTo("3000");
            assertThat(s.exposure().openOrders()).isEqualByComparingTo("0");
        }

        @Test
        void exposure_in_another_currency_is_converted_at_the_configured_rate_and_shown_with_it() {
            var s = customer(C).given(new ReceivablesEvent.InvoiceIssued(C, "INV-US", TODAY.minusDays(5),
                            TODAY.plusDays(25), "USD", new BigDecimal("1000.00"), null, null))
                    .givenCommand(limit("10000.00"));
            Exposure exposure = s.exposure();
            assertThat(exposure.total()).isEqualByComparingTo("920.00");
            Exposure.Line usd = exposure.lines().getFirst();
            assertThat(usd.currency()).isEqualTo("USD");
            assertThat(usd.conversion().rate()).isEqualByComparingTo("0.92");
            assertThat(usd.conversion().rateDate()).isEqualTo(LocalDate.of(2026, 12, 1));
        }

        @Test
        void an_order_in_a_currency_without_a_rate_is_held_not_guessed() {
            var s = customer(C).givenCommand(limit("10000.00"))
                    .when(new CheckOrder(C, "SO-JP", "JPY", new BigDecimal("100000"), TODAY));
            assertThat(s.the(OrderCreditChecked.class).outcome()).isEqualTo(CheckOutcome.HELD);
            assertThat(s.the(OrderCreditChecked.class).reasons()).extracting(CheckReason::code)
                    .contains("NO_EXCHANGE_RATE");
        }
    }

    @Nested
    class Holds {

        static final CollectionsEvent.PromiseToPayBroken BROKEN = new CollectionsEvent.PromiseToPayBroken(C, "PTP-2",
                "EUR", TODAY.minusDays(3), new BigDecimal("2000.00"), new BigDecimal("500.00"),
                new BigDecimal("1500.00"), List.of(), TODAY.minusDays(1));

        @Test
        void a_broken_promise_places_a_hold_naming_its_rule_and_the_event_and_orders_are_held() {
            var s = customer(C).given(invoice("INV-1", "1000.00", TODAY.minusDays(10), null))
                    .givenCommand(limit("10000.00"))
                    .whenUpstream(BROKEN);

            CreditHoldPlaced hold = s.the(CreditHoldPlaced.class);
            assertThat(hold.rule()).isEqualTo("BROKEN_PROMISE");
            assertThat(hold.sourceEvents()).singleElement()
                    .satisfies(ref -> assertThat(ref.type()).isEqualTo("io.ledgerline.collections.PromiseToPayBroken.v1"));
            assertThat(hold.reason()).contains("PTP-2").contains("1500.00 short");

            s.when(order("SO-1", "100.00"));
            OrderCreditChecked check = s.the(OrderCreditChecked.class);
            assertThat(check.outcome()).isEqualTo(CheckOutcome.HELD);
            assertThat(check.holdIds()).containsExactly(hold.holdId());
        }

        @Test
        void the_account_cured_releases_the_broken_promise_hold() {
            var s = customer(C).given(BROKEN)
                    .whenUpstream(new ReceivablesEvent.AccountCured(C, TODAY));
            CreditEvent.CreditHoldReleased released = s.the(CreditEvent.CreditHoldReleased.class);
            assertThat(released.reason()).isEqualTo(CreditEvent.ReleaseReason.CURED);
        }

        @Test
        void an_escalation_holds_until_an_analyst_releases_it() {
            var s = customer(C).whenUpstream(new CollectionsEvent.AccountEscalated(C, "CASE-1",
                    CollectionsEvent.EscalationTarget.AGENCY, "Inkasso Nord", "no contact for 60 days", null, TODAY,
                    null));
            String holdId = s.the(CreditHoldPlaced.class).holdId();
            s.whenUpstream(new ReceivablesEvent.AccountCured(C, TODAY));
            assertThat(s.recorded).isEmpty();

            s.when(new CreditCommand.ReleaseHold(C, holdId, "settled with the agency", TODAY, ANALYST));
            assertThat(s.the(CreditEvent.CreditHoldReleased.class).reason()).isEqualTo(CreditEvent.ReleaseReason.ANALYST);
        }

        @Test
        void what_is_long_past_due_beyond_the_class_share_holds_and_paying_it_releases() {
            var s = customer(C).givenCommand(limit("20000.00"))
                    .whenUpstream(invoice("INV-OLD", "3000.00", TODAY.minusDays(90), null),
                            invoice("INV-NEW", "2000.00", TODAY.minusDays(5), null));
            // 3,000 of 5,000 is 60 % more than 30 days past due; unrated customers may have 25 %.
            CreditHoldPlaced hold = s.the(CreditHoldPlaced.class);
            assertThat(hold.rule()).isEqualTo("PAST_DUE");
            assertThat(hold.sourceEvents()).isNotEmpty();

            s.whenUpstream(new ReceivablesEvent.PaymentReceived(C, "PAY-1", TODAY, "EUR", new BigDecimal("3000.00"),
                            io.ledgerline.events.ingest.PaymentMethod.SEPA, "INV-OLD", List.of()),
                    new ReceivablesEvent.PaymentApplied(C, SourceKind.PAYMENT, "PAY-1", "INV-OLD", "EUR",
                            new BigDecimal("3000.00"), TODAY, ApplicationRule.REFERENCE));
            assertThat(s.the(CreditEvent.CreditHoldReleased.class).reason()).isEqualTo(CreditEvent.ReleaseReason.PAID);
        }

        @Test
        void a_disputed_amount_is_not_exposure_while_the_dispute_is_open() {
            var s = customer(C).given(invoice("INV-1", "5000.00", TODAY.minusDays(10), null),
                    new DisputesEvent.DisputeOpened(C, "DSP-1", DisputesEvent.DisputeKind.DISPUTE, "PRICE", null,
                            "EUR", List.of(new DisputesEvent.DisputedInvoice("INV-1", new BigDecimal("1200.00"))),
                            null, null, TODAY, TODAY.plusDays(10), ANALYST));
            assertThat(s.exposure().total()).isEqualByComparingTo("3800");
            assertThat(s.exposure().disputedExcluded()).isEqualByComparingTo("1200");

            s.given(new DisputesEvent.DisputeClosed(C, "DSP-1", DisputesEvent.Closure.WITHDRAWN, null, TODAY, ANALYST));
            assertThat(s.exposure().total()).isEqualByComparingTo("5000");
        }

        @Test
        void with_the_rule_switched_off_a_broken_promise_holds_nobody() {
            var s = customer(C, Policies.with(Map.of("rules.enabled", "PAST_DUE,OVER_LIMIT,ACCOUNT_ESCALATED")))
                    .whenUpstream(BROKEN);
            assertThat(s.recorded).isEmpty();
        }
    }

    @Nested
    class TheDay {

        @Test
        void orders_expire_temporary_increases_end_and_reviews_fall_due() {
            var s = customer(C).givenCommand(application("APP-1", "40000.00"));
            s.givenCommand(new CreditCommand.ChangeLimit(C, "EUR", new BigDecimal("60000.00"), TODAY,
                    TODAY.plusDays(20), true, "seasonal peak", TODAY, ANALYST));
            s.givenCommand(order("SO-1", "1000.00"));
            assertThat(s.credit.file().limitOn(TODAY).amount()).isEqualByComparingTo("60000");

            LocalDate later = TODAY.plusMonths(13);
            s.when(new CreditCommand.RunDay(C, later));

            assertThat(s.the(CreditEvent.OrderClosed.class).closure()).isEqualTo(CreditEvent.OrderClosure.EXPIRED);
            CreditLimitChanged back = s.the(CreditLimitChanged.class);
            assertThat(back.oldLimit()).isEqualByComparingTo("60000");
            assertThat(back.newLimit()).isEqualByComparingTo("40000");
            assertThat(s.credit.file().limitOn(later).amount()).isEqualByComparingTo("40000");
            assertThat(s.the(CreditEvent.CreditReviewDue.class).riskClass()).isEqualTo("B");
            CreditDecisionMade review = s.the(CreditDecisionMade.class);
            assertThat(review.decision()).isEqualTo(CreditEvent.Decision.REFERRED);
            assertThat(review.applicationId()).isEqualTo("REVIEW-" + later);
            assertThat(review.requestedLimit()).isNull();

            // The same day again decides nothing new.
            s.when(new CreditCommand.RunDay(C, later));
            assertThat(s.recorded).isEmpty();
        }

        @Test
        void a_run_caught_up_for_an_earlier_day_never_lifts_a_hold_placed_after_it() {
            var s = customer(C).givenCommand(limit("20000.00"))
                    .given(invoice("INV-OLD", "3000.00", TODAY.minusDays(90), null),
                            invoice("INV-NEW", "2000.00", TODAY.minusDays(5), null));
            assertThat(s.credit.file().activeHolds()).singleElement()
                    .satisfies(h -> assertThat(h.rule()).isEqualTo("PAST_DUE"));

            // Ten days ago the limit did not exist yet, so nothing fired then: the hold of today still stands.
            s.when(new CreditCommand.RunDay(C, TODAY.minusDays(10)));
            assertThat(s.recorded).noneMatch(CreditEvent.CreditHoldReleased.class::isInstance);
            assertThat(s.credit.file().activeHolds()).hasSize(1);
        }

        @Test
        void a_day_with_nothing_else_to_decide_still_holds_what_has_aged_past_due() {
            var s = customer(C).givenCommand(limit("20000.00"))
                    .given(new ReceivablesEvent.InvoiceIssued(C, "INV-1", TODAY.minusDays(40), TODAY.minusDays(10),
                            "EUR", new BigDecimal("5000.00"), null, null));
            assertThat(s.credit.file().activeHolds()).isEmpty();

            s.when(new CreditCommand.RunDay(C, TODAY.plusDays(25)));
            assertThat(s.the(CreditHoldPlaced.class).rule()).isEqualTo("PAST_DUE");
            assertThat(s.the(CreditHoldPlaced.class).placedDate()).isEqualTo(TODAY.plusDays(25));
        }
    }
}
