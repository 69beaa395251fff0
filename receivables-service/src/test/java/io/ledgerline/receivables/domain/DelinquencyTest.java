package io.ledgerline.receivables.domain;

import io.ledgerline.events.receivables.ReceivablesEvent;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.ledgerline.receivables.domain.AccountScenario.given;
import static io.ledgerline.receivables.domain.Samples.CUSTOMER;
import static io.ledgerline.receivables.domain.Samples.allocate;
import static io.ledgerline.receivables.domain.Samples.invoice;
import static io.ledgerline.receivables.domain.Samples.payment;
import static org.assertj.core.api.Assertions.assertThat;

class DelinquencyTest {

    private static LedgerCommand.EvaluateDelinquency asOf(String date) {
        return new LedgerCommand.EvaluateDelinquency(CUSTOMER, LocalDate.parse(date));
    }

    @Test
    void an_account_with_an_item_past_due_becomes_delinquent_with_the_facts() {
        var events = given(invoice("INV-1", "100.00", "2026-10-01", "2026-10-31")).when(asOf("2026-11-05")).events();
        assertThat(events).singleElement().isInstanceOfSatisfying(ReceivablesEvent.AccountDelinquent.class, d -> {
            assertThat(d.oldestDueDate()).isEqualTo(LocalDate.parse("2026-10-31"));
            assertThat(d.daysPastDue()).isEqualTo(5);
            assertThat(d.bucket()).isEqualTo("1-30");
            assertThat(d.pastDueAmounts()).singleElement().satisfies(a -> assertThat(a.amount()).isEqualByComparingTo("100.00"));
        });
    }

    @Test
    void it_is_said_again_only_when_the_account_moves_to_a_worse_bucket() {
        var invoice = invoice("INV-1", "100.00", "2026-10-01", "2026-10-31");
        given(invoice, asOf("2026-11-05")).when(asOf("2026-11-20")).thenNothingHappens();
        var worse = given(invoice, asOf("2026-11-05")).when(asOf("2026-12-05")).events();
        assertThat(worse).singleElement().isInstanceOfSatisfying(ReceivablesEvent.AccountDelinquent.class,
                d -> assertThat(d.bucket()).isEqualTo("31-60"));
    }

    @Test
    void paying_what_is_past_due_cures_the_account() {
        var events = given(invoice("INV-1", "100.00", "2026-10-01", "2026-10-31"), asOf("2026-11-05"))
                .when(payment("PAY-1", "100.00", allocate("INV-1", "100.00"))).events();
        assertThat(events).last().isEqualTo(new ReceivablesEvent.AccountCured(CUSTOMER, LocalDate.parse("2026-11-05")));
    }

    @Test
    void a_partial_payment_that_moves_the_oldest_item_skips_no_state() {
        // Kill Bill #2297's trap: the oldest invoice is paid, the account is still delinquent on the next one in a
        // better bucket. That is said, so when the next one ages into 31-60 it is said again, not silently skipped.
        var old = invoice("INV-OLD", "50.00", "2026-08-01", "2026-08-31");
        var newer = invoice("INV-NEW", "70.00", "2026-10-01", "2026-10-31");
        var scenario = given(old, newer, asOf("2026-11-05"));
        assertThat(scenario.thenStateAfterNothing().delinquency().bucket()).isEqualTo("61-90");
        scenario.when(payment("PAY-1", "50.00", allocate("INV-OLD", "50.00")));
        assertThat(scenario.events()).last().isInstanceOfSatisfying(ReceivablesEvent.AccountDelinquent.class, d -> {
            assertThat(d.bucket()).isEqualTo("1-30");
            assertThat(d.oldestDueDate()).isEqualTo(LocalDate.parse("2026-10-31"));
        });
        var later = given(old, newer, asOf("2026-11-05"), payment("PAY-1", "50.00", allocate("INV-OLD", "50.00")))
                .when(asOf("2026-12-05")).events();
        assertThat(later).singleElement().isInstanceOfSatisfying(ReceivablesEvent.AccountDelinquent.class,
                d -> assertThat(d.bucket()).isEqualTo("31-60"));
    }

    @Test
    void the_grace_period_is_respected() {
        LedgerRules grace = new LedgerRules(10, Map.of(), Aging.Buckets.STANDARD);
        AccountScenario.givenUnder(grace, invoice("INV-1", "100.00", "2026-10-01", "2026-10-31"))
                .when(asOf("2026-11-10")).thenNothingHappens();
        assertThat(AccountScenario.givenUnder(grace, invoice("INV-1", "100.00", "2026-10-01", "2026-10-31"))
                .when(asOf("2026-11-11")).events()).hasSize(1);
    }

    @Test
    void a_run_for_a_day_before_the_last_decision_changes_nothing() {
        given(invoice("INV-1", "100.00", "2026-10-01", "2026-10-31"), asOf("2026-11-05"), asOf("2026-12-05"))
                .when(asOf("2026-11-01")).thenNothingHappens();
    }

    @Test
    void replaying_the_same_history_gives_the_identical_delinquency_events() {
        List<Object> history = List.of(invoice("INV-1", "100.00", "2026-10-01", "2026-10-31"),
                invoice("INV-2", "80.00", "2026-09-01", "2026-09-30"), asOf("2026-11-01"),
                payment("PAY-1", "80.00", allocate("INV-2", "80.00")), asOf("2026-12-15"),
                payment("PAY-2", "100.00"), asOf("2027-01-10"));
        assertThat(delinquencyEvents(history)).isEqualTo(delinquencyEvents(history)).isNotEmpty();
    }

    private static List<ReceivablesEvent> delinquencyEvents(List<Object> history) {
        Account account = AccountDecider.initialState(CUSTOMER);
        List<ReceivablesEvent> seen = new ArrayList<>();
        for (Object input : history) {
            Decision d = input instanceof LedgerCommand c ? AccountDecider.decide(c, account, LedgerRules.DEFAULT)
                    : AccountDecider.decide((io.ledgerline.events.ingest.IngestEvent) input, account);
            for (ReceivablesEvent e : ((Decision.Accepted) d).events()) {
                account.evolve(e);
                if (e instanceof ReceivablesEvent.AccountDelinquent || e instanceof ReceivablesEvent.AccountCured) {
                    seen.add(e);
                }
            }
        }
        // Folding the stored events alone ends in the same delinquency state as deciding them did.
        assertThat(AccountDecider.replay(CUSTOMER, replayed(history)).delinquency()).isEqualTo(account.delinquency());
        return seen;
    }

    private static List<ReceivablesEvent> replayed(List<Object> history) {
        Account account = AccountDecider.initialState(CUSTOMER);
        List<ReceivablesEvent> all = new ArrayList<>();
        for (Object input : history) {
            Decision d = input instanceof LedgerCommand c ? AccountDecider.decide(c, account, LedgerRules.DEFAULT)
                    : AccountDecider.decide((io.ledgerline.events.ingest.IngestEvent) input, account);
            ((Decision.Accepted) d).events().forEach(e -> {
                account.evolve(e);
                all.add(e);
            });
        }
        return all;
    }
}
