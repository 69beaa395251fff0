package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.ApplicationRule;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An account keeps one object per recurring value (its customer id, a currency, an id named by an application, a zero
 * amount) instead of every event's own copy: thousands of accounts share one heap. Only identity changes: the kept
 * documents equal the events given, and the account equals one folded from the same events as they came.
 */
class AccountSharedValuesTest {

    private static final LocalDate DAY = LocalDate.of(2026, 10, 1);

    @Test
    void documents_keep_the_accounts_own_customer_id_and_one_currency_object() {
        Account account = new Account("C-1");
        var issued = new ReceivablesEvent.InvoiceIssued(new String("C-1"), "INV-1", DAY, DAY.plusDays(30),
                new String("EUR"), new BigDecimal("100.00"), "PO", "freight");
        var received = new ReceivablesEvent.PaymentReceived(new String("C-1"), "PAY-1", DAY, new String("EUR"),
                new BigDecimal("100.00"), io.ledgerline.events.ingest.PaymentMethod.SEPA, "INV-1", java.util.List.of());
        account.evolve(issued).evolve(received);

        Account.Invoice invoice = account.invoice("INV-1");
        assertThat(invoice.issued()).isEqualTo(issued);
        assertThat(invoice.issued().customerId()).isSameAs(account.customerId());
        assertThat(invoice.issued().currency()).isSameAs(account.payment("PAY-1").received().currency());
        assertThat(account.payment("PAY-1").received()).isEqualTo(received);
        // One zero object for the amounts not yet applied, adjusted, written off.
        assertThat(invoice.applied()).isSameAs(invoice.adjustments()).isSameAs(invoice.writtenOff())
                .isSameAs(account.payment("PAY-1").applied());
    }

    @Test
    void an_application_names_the_documents_own_id_objects_and_the_account_is_unchanged() {
        Account account = new Account("C-1");
        account.evolve(new ReceivablesEvent.InvoiceIssued("C-1", "INV-1", DAY, DAY.plusDays(30), "EUR",
                new BigDecimal("100.00"), null, null));
        account.evolve(new ReceivablesEvent.PaymentReceived("C-1", "PAY-1", DAY, "EUR", new BigDecimal("60.00"),
                io.ledgerline.events.ingest.PaymentMethod.SEPA, null, java.util.List.of()));
        Account asGiven = account.copy();
        var applied = new ReceivablesEvent.PaymentApplied("C-1", SourceKind.PAYMENT, new String("PAY-1"),
                new String("INV-1"), "EUR", new BigDecimal("60.00"), DAY, ApplicationRule.OLDEST_FIRST);
        account.evolve(applied);
        asGiven.evolve(applied);

        Account.ApplicationKey key = account.applications().keySet().iterator().next();
        assertThat(key.sourceId()).isSameAs(account.payment("PAY-1").id());
        assertThat(key.invoiceId()).isSameAs(account.invoice("INV-1").id());
        assertThat(account.applicationDate(key)).isEqualTo(DAY);
        assertThat(account).isEqualTo(asGiven);
        assertThat(account.invoice("INV-1").openAmount()).isEqualByComparingTo("40.00");
    }
}
