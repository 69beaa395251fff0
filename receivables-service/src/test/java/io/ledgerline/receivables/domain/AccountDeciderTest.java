package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static io.ledgerline.receivables.domain.AccountScenario.given;
import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.cancel;
import static io.ledgerline.receivables.domain.Samples.creditNote;
import static io.ledgerline.receivables.domain.Samples.eur;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static io.ledgerline.receivables.domain.Samples.paymentReturned;
import static io.ledgerline.receivables.domain.Samples.paymentWithReference;
import static org.assertj.core.api.Assertions.assertThat;

class AccountDeciderTest {

    private static ReceivablesEvent.InvoiceIssued issued(String id, String amount) {
        return new ReceivablesEvent.InvoiceIssued(CUSTOMER, id, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"), "EUR", eur(amount), null, null);
    }

    private static ReceivablesEvent.PaymentApplied applied(String paymentId, String invoiceId, String amount,
                                                           ApplicationRule rule) {
        return new ReceivablesEvent.PaymentApplied(CUSTOMER, SourceKind.PAYMENT, paymentId, invoiceId, "EUR",
                eur(amount), LocalDate.parse("2026-10-29"), rule);
    }

    @Nested
    class Invoices {
        @Test
        void an_issued_invoice_is_open_for_its_full_amount() {
            Account after = given().when(invoice("INV-1", "1250.00")).then(issued("INV-1", "1250.00")).thenState();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("1250.00");
        }

        @Test
        void the_same_invoice_again_unchanged_is_a_duplicate_with_no_effect() {
            given(invoice("INV-1", "1250.00")).when(invoice("INV-1", "1250.00")).thenNothingHappens();
        }

        @Test
        void the_same_invoice_id_with_other_content_is_a_conflict() {
            given(invoice("INV-1", "1250.00")).when(invoice("INV-1", "1300.00"))
                    .thenRejected(RejectionCode.CONFLICTING_DUPLICATE, "invoiceId");
        }

        @Test
        void an_untouched_invoice_can_be_cancelled() {
            Account after = given(invoice("INV-1", "1250.00")).when(cancel("INV-1")).thenState();
            assertThat(after.invoice("INV-1").isCancelled()).isTrue();
            assertThat(after.invoice("INV-1").openAmount()).isZero();
        }

        @Test
        void a_paid_invoice_cannot_be_cancelled() {
            given(invoice("INV-1", "1250.00"), payment("PAY-1", "100.00", allocate("INV-1", "100.00")))
                    .when(cancel("INV-1")).thenRejected(RejectionCode.INVOICE_NOT_CANCELLABLE, "invoiceId");
        }

        @Test
        void an_unknown_invoice_cannot_be_cancelled() {
            given().when(cancel("INV-404")).thenRejected(RejectionCode.UNKNOWN_INVOICE, "invoiceId");
        }

        @Test
        void money_the_rules_placed_moves_off_a_cancelled_invoice() {
            var scenario = given(invoice("INV-OLD", "100.00", "2026-09-01", "2026-09-30"),
                    invoice("INV-NEW", "100.00", "2026-10-01", "2026-10-31"), payment("PAY-1", "150.00"))
                    .when(cancel("INV-OLD", "2026-10-30"));
            assertThat(scenario.events()).first().isInstanceOf(ReceivablesEvent.InvoiceCancelled.class);
            assertThat(scenario.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                    ReceivablesEvent.PaymentUnapplied.class, u -> {
                        assertThat(u.invoiceId()).isEqualTo("INV-OLD");
                        assertThat(u.amount()).isEqualByComparingTo("100.00");
                        assertThat(u.reason()).isEqualTo("invoice cancelled");
                    }));
            Account after = scenario.thenState();
            assertThat(after.invoice("INV-OLD").applied()).isZero();
            assertThat(after.invoice("INV-NEW").openAmount()).isZero();
            assertThat(after.payment("PAY-1").unapplied()).isEqualByComparingTo("50.00");
        }

        @Test
        void a_cancel_comes_out_the_same_whether_it_arrives_before_or_after_the_payment() {
            var first = given(invoice("INV-1", "100.00"), invoice("INV-2", "80.00", "2026-10-05", "2026-11-04"),
                    cancel("INV-1"), paymentWithReference("PAY-1", "100.00", "INV-1")).thenStateAfterNothing();
            var second = given(invoice("INV-1", "100.00"), invoice("INV-2", "80.00", "2026-10-05", "2026-11-04"),
                    paymentWithReference("PAY-1", "100.00", "INV-1"), cancel("INV-1")).thenStateAfterNothing();
            assertThat(second.sameLedgerAs(first)).as("%s%\nversus%\n%s", second, first).isTrue();
            assertThat(second.invoice("INV-2").openAmount()).isZero();
        }

        @Test
        void a_credit_note_naming_the_invoice_blocks_its_cancel() {
            given(invoice("INV-1", "1250.00"), creditNote("CN-1", "50.00", "INV-1"))
                    .when(cancel("INV-1")).thenRejected(RejectionCode.INVOICE_NOT_CANCELLABLE, "invoiceId");
        }

        @Test
        void money_a_clerk_applied_blocks_the_cancel() {
            given(invoice("INV-1", "100.00"), payment("PAY-1", "40.00"),
                    new LedgerCommand.UnapplyCash(CUSTOMER, SourceKind.PAYMENT, "PAY-1", "INV-1", null,
                            LocalDate.parse("2026-10-30"), "sam", "wrong invoice"),
                    new LedgerCommand.ApplyCash(CUSTOMER, SourceKind.PAYMENT, "PAY-1", "INV-1", eur("40.00"),
                            LocalDate.parse("2026-10-30"), "sam"))
                    .when(cancel("INV-1")).thenRejected(RejectionCode.INVOICE_NOT_CANCELLABLE, "invoiceId");
        }

        @Test
        void an_adjusted_invoice_cannot_be_cancelled() {
            given(invoice("INV-1", "100.00"), new LedgerCommand.AdjustInvoice(CUSTOMER, "INV-1", eur("5.00"),
                    LocalDate.parse("2026-10-02"), "sam", "freight"))
                    .when(cancel("INV-1")).thenRejected(RejectionCode.INVOICE_NOT_CANCELLABLE, "invoiceId");
        }

        @Test
        void a_cancel_dated_before_the_invoice_is_rejected() {
            given(invoice("INV-1", "100.00")).when(cancel("INV-1", "2026-09-30"))
                    .thenRejected(RejectionCode.DATE_BEFORE_DOCUMENT, "cancelledDate");
        }

        @Test
        void a_cancel_without_a_reason_is_accepted() {
            var cancel = new io.ledgerline.events.ingest.IngestEvent.InvoiceCancelled("INV-1", CUSTOMER,
                    LocalDate.parse("2026-10-03"), null);
            assertThat(given(invoice("INV-1", "100.00")).when(cancel).thenState().invoice("INV-1").isCancelled()).isTrue();
        }
    }

    @Nested
    class CashApplicationRules {
        @Test
        void remittance_allocations_are_applied_as_the_payer_said() {
            Account after = given(invoice("INV-1", "1250.00"))
                    .when(payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")))
                    .then(new ReceivablesEvent.PaymentReceived(CUSTOMER, "PAY-1", LocalDate.parse("2026-10-29"), "EUR",
                                    eur("1200.00"), io.ledgerline.events.ingest.PaymentMethod.SEPA, null,
                                    java.util.List.of(allocate("INV-1", "1200.00"))),
                            applied("PAY-1", "INV-1", "1200.00", ApplicationRule.REMITTANCE))
                    .thenState();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("50.00");
            assertThat(after.payment("PAY-1").unapplied()).isZero();
        }

        @Test
        void an_allocation_to_an_invoice_not_yet_arrived_waits_then_applies() {
            var scenario = given(payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")));
            scenario.when(invoice("INV-1", "1250.00"))
                    .then(issued("INV-1", "1250.00"), applied("PAY-1", "INV-1", "1200.00", ApplicationRule.REMITTANCE));
        }

        @Test
        void what_the_remittance_does_not_allocate_stays_unapplied_cash() {
            Account after = given(invoice("INV-1", "100.00"), invoice("INV-2", "300.00"))
                    .when(payment("PAY-1", "500.00", allocate("INV-1", "100.00"))).thenState();
            assertThat(after.payment("PAY-1").unapplied()).isEqualByComparingTo("400.00");
            assertThat(after.invoice("INV-2").openAmount()).isEqualByComparingTo("300.00");
        }

        @Test
        void an_allocation_larger_than_the_invoice_leaves_the_rest_unapplied() {
            Account after = given(invoice("INV-1", "100.00"))
                    .when(payment("PAY-1", "150.00", allocate("INV-1", "150.00"))).thenState();
            assertThat(after.invoice("INV-1").openAmount()).isZero();
            assertThat(after.payment("PAY-1").unapplied()).isEqualByComparingTo("50.00");
        }

        @Test
        void an_allocation_to_an_invoice_in_another_currency_is_rejected() {
            var usdInvoice = new io.ledgerline.events.ingest.IngestEvent.InvoiceIssued("INV-9", CUSTOMER,
                    LocalDate.parse("2026-10-01"), LocalDate.parse("2026-10-31"), "USD", eur("10.00"), null, null);
            given(usdInvoice).when(payment("PAY-1", "10.00", allocate("INV-9", "10.00")))
                    .thenRejected(RejectionCode.CURRENCY_MISMATCH, "allocations[0].invoiceId");
        }

        @Test
        void invoice_ids_in_the_reference_are_matched_before_the_oldest() {
            var events = given(invoice("INV-OLD", "80.00", "2026-09-01", "2026-09-15"), invoice("INV-2", "300.00"))
                    .when(paymentWithReference("PAY-1", "300.00", "pays INV-2 thanks")).events();
            assertThat(events).contains(applied("PAY-1", "INV-2", "300.00", ApplicationRule.REFERENCE));
        }

        @Test
        void an_amount_matching_exactly_one_open_invoice_is_applied_to_it() {
            var events = given(invoice("INV-OLD", "80.00", "2026-09-01", "2026-09-15"), invoice("INV-2", "300.00"))
                    .when(payment("PAY-1", "300.00")).events();
            assertThat(events).contains(applied("PAY-1", "INV-2", "300.00", ApplicationRule.EXACT_AMOUNT));
        }

        @Test
        void otherwise_cash_pays_the_oldest_due_date_first() {
            Account after = given(invoice("INV-NEW", "100.00", "2026-10-01", "2026-11-30"),
                    invoice("INV-OLD", "100.00", "2026-09-01", "2026-09-30"))
                    .when(payment("PAY-1", "150.00")).thenState();
            assertThat(after.invoice("INV-OLD").openAmount()).isZero();
            assertThat(after.invoice("INV-NEW").openAmount()).isEqualByComparingTo("50.00");
            assertThat(after.applications().values()).allMatch(a -> a.rule() == ApplicationRule.OLDEST_FIRST);
        }

        @Test
        void a_credit_note_on_an_invoice_is_applied_to_that_invoice() {
            Account after = given(invoice("INV-1", "1250.00")).when(creditNote("CN-88", "50.00", "INV-1")).thenState();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("1200.00");
            assertThat(after.creditNote("CN-88").unapplied()).isZero();
        }

        @Test
        void a_credit_note_without_invoice_stays_on_account() {
            Account after = given(invoice("INV-1", "1250.00")).when(creditNote("CN-1", "50.00", null)).thenState();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("1250.00");
            assertThat(after.creditNote("CN-1").unapplied()).isEqualByComparingTo("50.00");
        }
    }

    @Nested
    class Returns {
        @Test
        void a_returned_payment_undoes_its_applications_and_reopens_the_invoice() {
            var scenario = given(invoice("INV-1", "1250.00"), payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")))
                    .when(paymentReturned("PAY-1"));
            assertThat(scenario.events()).first().isInstanceOf(ReceivablesEvent.PaymentUnapplied.class);
            assertThat(scenario.events().get(1)).isInstanceOf(ReceivablesEvent.PaymentReturned.class);
            Account after = scenario.thenState();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("1250.00");
            assertThat(after.payment("PAY-1").unapplied()).isZero();
        }

        @Test
        void a_return_of_an_unknown_payment_is_rejected() {
            given().when(paymentReturned("PAY-404")).thenRejected(RejectionCode.UNKNOWN_PAYMENT, "paymentId");
        }

        @Test
        void a_return_dated_before_the_payment_was_received_is_rejected() {
            given(payment("PAY-1", "10.00")).when(new io.ledgerline.events.ingest.IngestEvent.PaymentReturned("PAY-1",
                            CUSTOMER, LocalDate.parse("2026-10-28"), "AC04", null))
                    .thenRejected(RejectionCode.DATE_BEFORE_DOCUMENT, "returnedDate");
        }

        @Test
        void a_payment_without_reference_or_remittance_is_received_applied_and_can_be_returned() {
            Account after = given(invoice("INV-1", "100.00"), payment("PAY-1", "100.00"))
                    .when(new io.ledgerline.events.ingest.IngestEvent.PaymentReturned("PAY-1", CUSTOMER,
                            LocalDate.parse("2026-11-02"), "AC04", null))
                    .thenState();
            assertThat(after.payment("PAY-1").isReturned()).isTrue();
            assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("100.00");
        }

        @Test
        void the_same_return_again_has_no_effect() {
            given(invoice("INV-1", "10.00"), payment("PAY-1", "10.00"), paymentReturned("PAY-1"))
                    .when(paymentReturned("PAY-1")).thenNothingHappens();
        }
    }

    @Test
    void a_replay_of_the_events_rebuilds_the_same_account() {
        Account live = given(invoice("INV-1", "1250.00"), payment("PAY-1", "1200.00", allocate("INV-1", "1200.00")),
                creditNote("CN-1", "50.00", "INV-1")).when(paymentReturned("PAY-1")).thenState();
        assertThat(live.invoice("INV-1").openAmount()).isEqualByComparingTo(new BigDecimal("1200.00"));
    }
}
