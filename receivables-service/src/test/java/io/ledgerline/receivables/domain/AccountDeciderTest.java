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
