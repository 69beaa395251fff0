package io.ledgerline.disputes.domain;

import io.ledgerline.events.ingest.PaymentAllocation;
import io.ledgerline.events.ingest.PaymentMethod;
import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DeductionDetectorTest {

    static final LocalDate OCT_1 = LocalDate.of(2026, 10, 1);
    final DeductionDetector detector = new DeductionDetector(new DeductionTolerance(
            Map.of("EUR", DeductionTolerance.Limit.parse("5.00"), "USD", DeductionTolerance.Limit.parse("1%")),
            DeductionTolerance.Limit.parse("0")));

    static ReceivablesEvent invoice(String id, String currency, String amount) {
        return new ReceivablesEvent.InvoiceIssued("C-1", id, OCT_1, OCT_1.plusDays(30), currency, new BigDecimal(amount), null, null);
    }

    static ReceivablesEvent payment(String id, String currency, String amount, String invoiceId, String remitted) {
        return new ReceivablesEvent.PaymentReceived("C-1", id, OCT_1.plusDays(28), currency, new BigDecimal(amount),
                PaymentMethod.SEPA, null, List.of(new PaymentAllocation(invoiceId, new BigDecimal(remitted))));
    }

    static ReceivablesEvent applied(String paymentId, String invoiceId, String currency, String amount) {
        return new ReceivablesEvent.PaymentApplied("C-1", ReceivablesEvent.SourceKind.PAYMENT, paymentId, invoiceId,
                currency, new BigDecimal(amount), OCT_1.plusDays(28), ReceivablesEvent.ApplicationRule.REMITTANCE);
    }

    List<DeductionDetector.Deduction> run(ReceivablesCopy copy, ReceivablesEvent... events) {
        List<DeductionDetector.Deduction> found = new ArrayList<>();
        for (ReceivablesEvent e : events) {
            found.addAll(detector.apply(e, copy));
        }
        return found;
    }

    @Test
    void a_remittance_that_pays_short_beyond_tolerance_is_a_deduction_for_the_shortfall() {
        var found = run(new ReceivablesCopy(), invoice("INV-1", "EUR", "1250.00"),
                payment("PAY-1", "EUR", "1200.00", "INV-1", "1200.00"), applied("PAY-1", "INV-1", "EUR", "1200.00"));
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.shortfall()).isEqualByComparingTo("50.00");
            assertThat(d.paymentId()).isEqualTo("PAY-1");
            assertThat(d.disputeId()).isEqualTo(DeductionDetector.deductionId("C-1", "INV-1", "PAY-1"));
            assertThat(d.date()).isEqualTo(OCT_1.plusDays(28));
        });
    }

    @Test
    void within_tolerance_absolute_or_percent_is_no_deduction() {
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "EUR", "1250.00"),
                payment("PAY-1", "EUR", "1245.00", "INV-1", "1245.00"))).isEmpty();
        // 1 % of 1000.00 USD is 10.00: 10.00 short is within, 10.01 is not.
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "USD", "1000.00"),
                payment("PAY-1", "USD", "990.00", "INV-1", "990.00"))).isEmpty();
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "USD", "1000.00"),
                payment("PAY-1", "USD", "989.99", "INV-1", "989.99"))).hasSize(1);
        // Other currencies: any shortfall.
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "CHF", "100.00"),
                payment("PAY-1", "CHF", "99.99", "INV-1", "99.99"))).hasSize(1);
    }

    @Test
    void a_payment_before_its_invoice_is_judged_when_the_invoice_arrives() {
        var copy = new ReceivablesCopy();
        assertThat(run(copy, payment("PAY-1", "EUR", "1000.00", "INV-1", "1000.00"))).isEmpty();
        var found = run(copy, invoice("INV-1", "EUR", "1250.00"));
        assertThat(found).singleElement().satisfies(d -> assertThat(d.shortfall()).isEqualByComparingTo("250.00"));
    }

    @Test
    void an_instalment_into_an_already_disputed_shortfall_opens_nothing_more() {
        var copy = new ReceivablesCopy();
        var first = run(copy, invoice("INV-1", "EUR", "1000.00"), payment("PAY-1", "EUR", "900.00", "INV-1", "900.00"),
                applied("PAY-1", "INV-1", "EUR", "900.00"));
        assertThat(first).hasSize(1);
        assertThat(copy.invoice("C-1", "INV-1").disputed).isEqualByComparingTo("100.00");
        // 100 open, all disputed: paying 60 of it is no new shortfall.
        assertThat(run(copy, payment("PAY-2", "EUR", "60.00", "INV-1", "60.00"))).isEmpty();
    }

    @Test
    void a_full_payment_or_a_payment_without_remittance_is_no_deduction() {
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "EUR", "100.00"),
                payment("PAY-1", "EUR", "100.00", "INV-1", "100.00"))).isEmpty();
        assertThat(run(new ReceivablesCopy(), invoice("INV-1", "EUR", "100.00"),
                new ReceivablesEvent.PaymentReceived("C-1", "PAY-1", OCT_1, "EUR", new BigDecimal("10.00"),
                        PaymentMethod.SEPA, "INV-1", null))).isEmpty();
    }
}
