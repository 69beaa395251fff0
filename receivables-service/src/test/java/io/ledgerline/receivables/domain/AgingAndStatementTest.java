package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.creditNote;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static org.assertj.core.api.Assertions.assertThat;

class AgingAndStatementTest {

    private static List<ReceivablesEvent> history(io.ledgerline.events.ingest.IngestEvent... inputs) {
        Account account = AccountDecider.initialState(CUSTOMER);
        List<ReceivablesEvent> events = new ArrayList<>();
        for (var input : inputs) {
            ((Decision.Accepted) AccountDecider.decide(input, account)).events().forEach(e -> {
                account.evolve(e);
                events.add(e);
            });
        }
        return events;
    }

    private final List<ReceivablesEvent> history = history(
            invoice("INV-A", "100.00", "2026-07-01", "2026-07-31"),
            invoice("INV-B", "200.00", "2026-09-01", "2026-09-30"),
            invoice("INV-C", "300.00", "2026-10-20", "2026-11-19"),
            creditNote("CN-1", "20.00", null),
            payment("PAY-1", "150.00", allocate("INV-B", "150.00")));

    @Test
    void buckets_add_up_to_the_open_items_and_the_balance_follows() {
        LocalDate asOf = LocalDate.parse("2026-11-23");
        Account account = BusinessDate.accountAsOf(CUSTOMER, history, asOf);
        Aging.Report report = Aging.of(account, asOf, Aging.Basis.DUE_DATE, Aging.Buckets.STANDARD);
        Aging.CurrencyAging eur = report.currencies().getFirst();
        assertThat(eur.buckets()).containsEntry("1-30", new BigDecimal("300.00"))
                .containsEntry("31-60", new BigDecimal("50.00"))
                .containsEntry("61-90", new BigDecimal("0.00"))
                .containsEntry("91-120", new BigDecimal("100.00"));
        assertThat(eur.buckets().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add)).isEqualByComparingTo(eur.openItems());
        assertThat(eur.openItems()).isEqualByComparingTo("450.00");
        assertThat(eur.unappliedCredits()).isEqualByComparingTo("20.00");
        assertThat(eur.balance()).isEqualByComparingTo("430.00");
    }

    @Test
    void as_of_an_earlier_date_later_documents_do_not_exist_yet() {
        LocalDate asOf = LocalDate.parse("2026-09-15");
        Aging.Report report = Aging.of(BusinessDate.accountAsOf(CUSTOMER, history, asOf), asOf, Aging.Basis.DUE_DATE,
                Aging.Buckets.STANDARD);
        assertThat(report.items()).extracting(Aging.Item::invoiceId).containsExactly("INV-A", "INV-B");
        assertThat(report.currencies().getFirst().openItems()).isEqualByComparingTo("300.00");
        Aging.Report byInvoiceDate = Aging.of(BusinessDate.accountAsOf(CUSTOMER, history, asOf), asOf,
                Aging.Basis.INVOICE_DATE, Aging.Buckets.STANDARD);
        assertThat(byInvoiceDate.items()).extracting(Aging.Item::bucket).containsExactly("61-90", "1-30");
    }

    @Test
    void a_statement_runs_from_the_opening_to_the_closing_balance() {
        Statement statement = Statement.of(CUSTOMER, history, LocalDate.parse("2026-10-01"),
                LocalDate.parse("2026-10-31"), Aging.Buckets.STANDARD);
        Statement.CurrencyStatement eur = statement.currencies().getFirst();
        assertThat(eur.openingBalance()).isEqualByComparingTo("300.00");
        assertThat(eur.movements()).extracting(Statement.Movement::type)
                .containsExactly("CREDIT_NOTE", "INVOICE", "PAYMENT");
        assertThat(eur.closingBalance()).isEqualByComparingTo("430.00");
        assertThat(eur.movements().getLast().balance()).isEqualByComparingTo(eur.closingBalance());
        String csv = statement.toCsv();
        assertThat(csv.lines().toList()).first().isEqualTo("currency,date,type,reference,description,debit,credit,balance");
        assertThat(csv).contains("EUR,2026-10-01,OPENING_BALANCE,,,,,300.00", "EUR,2026-10-31,CLOSING_BALANCE,,,,,430.00",
                "EUR,2026-10-29,PAYMENT,PAY-1,,,150.00,430.00");
    }
}
