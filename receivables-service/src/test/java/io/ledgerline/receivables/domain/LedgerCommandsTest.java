package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import static io.ledgerline.receivables.domain.AccountScenario.given;
import static io.ledgerline.receivables.domain.AccountScenario.givenUnder;
import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.eur;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static org.assertj.core.api.Assertions.assertThat;

class LedgerCommandsTest {

    private static final LocalDate TODAY = LocalDate.parse("2026-11-02");

    private static LedgerCommand.ApplyCash applyByHand(String paymentId, String invoiceId, String amount) {
        return new LedgerCommand.ApplyCash(CUSTOMER, SourceKind.PAYMENT, paymentId, invoiceId, eur(amount), TODAY, "jane");
    }

    private static LedgerCommand.UnapplyCash unapplyByHand(String paymentId, String invoiceId) {
        return new LedgerCommand.UnapplyCash(CUSTOMER, SourceKind.PAYMENT, paymentId, invoiceId, null, TODAY, "jane",
                "paid the wrong invoice");
    }

    private static LedgerCommand.ChangeCashApplicationPolicy leaveUnapplied() {
        return new LedgerCommand.ChangeCashApplicationPolicy(CUSTOMER, RemainderPolicy.LEAVE_UNAPPLIED, TODAY, "jane");
    }

    @Test
    void with_leave_unapplied_cash_that_matches_nothing_stays_on_account() {
        Account after = given(leaveUnapplied(), invoice("INV-1", "100.00")).when(payment("PAY-1", "40.00")).thenState();
        assertThat(after.payment("PAY-1").unapplied()).isEqualByComparingTo("40.00");
        assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("100.00");
    }

    @Test
    void a_clerk_applies_cash_by_hand_and_it_stays_where_the_clerk_put_it() {
        var scenario = given(leaveUnapplied(), invoice("INV-1", "100.00"), payment("PAY-1", "40.00"))
                .when(applyByHand("PAY-1", "INV-1", "40"));
        assertThat(scenario.events()).first().isEqualTo(new ReceivablesEvent.PaymentApplied(CUSTOMER,
                SourceKind.PAYMENT, "PAY-1", "INV-1", "EUR", eur("40.00"), TODAY, ApplicationRule.MANUAL, "jane"));
        Account after = scenario.thenState();
        // An older invoice arriving later does not take the clerk's money away.
        Account later = AccountScenario.givenUnder(LedgerRules.DEFAULT, leaveUnapplied(), invoice("INV-1", "100.00"),
                        payment("PAY-1", "40.00"), applyByHand("PAY-1", "INV-1", "40"))
                .when(new LedgerCommand.ChangeCashApplicationPolicy(CUSTOMER, RemainderPolicy.OLDEST_FIRST, TODAY, "jane"))
                .thenState();
        assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("60.00");
        assertThat(later.invoice("INV-1").openAmount()).isEqualByComparingTo("60.00");
        assertThat(later.isClerkManaged(SourceKind.PAYMENT, "PAY-1")).isTrue();
    }

    @Test
    void cash_a_clerk_unapplied_is_not_applied_again_automatically() {
        Account after = given(invoice("INV-1", "100.00"), payment("PAY-1", "100.00"))
                .when(unapplyByHand("PAY-1", "INV-1")).thenState();
        assertThat(after.payment("PAY-1").unapplied()).isEqualByComparingTo("100.00");
        assertThat(after.invoice("INV-1").openAmount()).isEqualByComparingTo("100.00");
    }

    @Test
    void applying_more_than_is_unapplied_or_open_is_refused() {
        given(leaveUnapplied(), invoice("INV-1", "100.00"), payment("PAY-1", "40.00"))
                .when(applyByHand("PAY-1", "INV-1", "50.00")).thenRejected(RejectionCode.AMOUNT_EXCEEDS_UNAPPLIED, "amount");
        given(leaveUnapplied(), invoice("INV-1", "10.00"), payment("PAY-1", "40.00"))
                .when(applyByHand("PAY-1", "INV-1", "20.00")).thenRejected(RejectionCode.AMOUNT_EXCEEDS_OPEN_AMOUNT, "amount");
        given(leaveUnapplied(), invoice("INV-1", "10.00"), payment("PAY-1", "40.00"))
                .when(applyByHand("PAY-1", "INV-1", "1.001")).thenRejected(RejectionCode.TOO_MANY_DECIMALS, "amount");
        given(invoice("INV-1", "10.00"))
                .when(applyByHand("PAY-404", "INV-1", "1.00")).thenRejected(RejectionCode.UNKNOWN_PAYMENT, "sourceId");
    }

    @Test
    void an_adjustment_changes_what_the_invoice_asks_for_and_cash_follows() {
        Account up = given(invoice("INV-1", "100.00")).when(new LedgerCommand.AdjustInvoice(CUSTOMER, "INV-1",
                eur("25.00"), TODAY, "jane", "freight surcharge")).thenState();
        assertThat(up.invoice("INV-1").openAmount()).isEqualByComparingTo("125.00");
        // Lowering an invoice below what is paid on it frees the automatic application's excess.
        Account down = given(invoice("INV-1", "100.00"), payment("PAY-1", "100.00"))
                .when(new LedgerCommand.AdjustInvoice(CUSTOMER, "INV-1", eur("-30.00"), TODAY, "jane", "discount"))
                .thenState();
        assertThat(down.invoice("INV-1").openAmount()).isZero();
        assertThat(down.payment("PAY-1").unapplied()).isEqualByComparingTo("30.00");
        given(invoice("INV-1", "100.00")).when(new LedgerCommand.AdjustInvoice(CUSTOMER, "INV-1", eur("-100.01"),
                TODAY, "jane", "too much")).thenRejected(RejectionCode.ADJUSTMENT_BELOW_ZERO, "amount");
    }

    @Test
    void a_write_off_is_visible_and_a_reversal_reopens_the_invoice() {
        var writeOff = new LedgerCommand.WriteOff(CUSTOMER, "INV-1", null, TODAY, "sam", "u-sam", "supervisor",
                "UNCOLLECTIBLE", "uncollectible", WriteOffAuthority.unlimited());
        Account written = given(invoice("INV-1", "100.00"), payment("PAY-1", "60.00", allocate("INV-1", "60.00")))
                .when(writeOff).thenState();
        assertThat(written.invoice("INV-1").writtenOff()).isEqualByComparingTo("40.00");
        assertThat(InvoiceStatus.of(written.invoice("INV-1"))).isEqualTo(InvoiceStatus.WRITTEN_OFF);
        assertThat(written.writeOffs()).containsKey("WO-1");

        var reversal = new LedgerCommand.ReverseWriteOff(CUSTOMER, "WO-1", TODAY, "sam", "customer will pay");
        Account reopened = given(invoice("INV-1", "100.00"), payment("PAY-1", "60.00", allocate("INV-1", "60.00")),
                writeOff).when(reversal).thenState();
        assertThat(reopened.invoice("INV-1").openAmount()).isEqualByComparingTo("40.00");
        given(invoice("INV-1", "100.00"), writeOff, reversal).when(reversal)
                .thenRejected(RejectionCode.WRITE_OFF_ALREADY_REVERSED, "writeOffId");
        given(invoice("INV-1", "100.00"), writeOff).when(writeOff)
                .thenRejected(RejectionCode.NOTHING_TO_WRITE_OFF, "invoiceId");
    }

    @Test
    void small_balances_within_tolerance_are_written_off_automatically_when_configured() {
        LedgerRules euroCent = new LedgerRules(0, Map.of("EUR", new BigDecimal("0.50")), Aging.Buckets.STANDARD);
        // due 15 October, paid on 29 October: what is left is a leftover, not a claim the customer may still settle
        var scenario = givenUnder(euroCent, invoice("INV-1", "100.00", "2026-10-01", "2026-10-15"))
                .when(payment("PAY-1", "99.60", allocate("INV-1", "99.60")));
        assertThat(scenario.events()).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(
                ReceivablesEvent.InvoiceWrittenOff.class, w -> {
                    assertThat(w.amount()).isEqualByComparingTo("0.40");
                    assertThat(w.automatic()).isTrue();
                }));
        // Off by default.
        Account untouched = given(invoice("INV-1", "100.00"))
                .when(payment("PAY-1", "99.60", allocate("INV-1", "99.60"))).thenState();
        assertThat(untouched.invoice("INV-1").openAmount()).isEqualByComparingTo("0.40");
    }
}
