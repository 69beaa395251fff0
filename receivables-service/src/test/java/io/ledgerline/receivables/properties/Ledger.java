package io.ledgerline.receivables.properties;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.Currencies;
import io.ledgerline.receivables.domain.Decision;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Folds inputs through the decider as the ingest processor does (decide on the current state, evolve with what was
 * accepted, skip what was rejected), and states the ledger's bookkeeping identities as assertions, per currency.
 */
final class Ledger {

    private Ledger() {
    }

    record Outcome(IngestEvent input, Decision decision) {

        boolean accepted() {
            return decision instanceof Decision.Accepted;
        }

        /** "accepted", "duplicate" or the rejection code: for jqwik's statistics. */
        String label() {
            return switch (decision) {
                case Decision.Accepted a -> a.isDuplicate() ? "duplicate" : "accepted";
                case Decision.Rejected r -> r.rejection().code();
            };
        }
    }

    record Fold(Account account, List<ReceivablesEvent> events, List<Outcome> outcomes) {

        List<IngestEvent> acceptedInputs() {
            return outcomes.stream().filter(Outcome::accepted).map(Outcome::input).toList();
        }
    }

    static Fold fold(String customerId, List<IngestEvent> arrival) {
        Account account = AccountDecider.initialState(customerId);
        List<ReceivablesEvent> events = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        for (IngestEvent input : arrival) {
            Decision decision = AccountDecider.decide(input, account);
            outcomes.add(new Outcome(input, decision));
            if (decision instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
                events.addAll(accepted.events());
            }
        }
        return new Fold(account, List.copyOf(events), List.copyOf(outcomes));
    }

    // ---- property 1: no entry holds a negative or impossible amount ----

    static void entriesAreWithinBounds(Account account) {
        for (Account.Invoice invoice : account.invoices()) {
            assertThat(invoice.openAmount()).as("open amount of %s", invoice.id())
                    .isGreaterThanOrEqualTo(BigDecimal.ZERO)
                    .isLessThanOrEqualTo(invoice.capacity());
        }
        for (Account.Payment payment : account.payments()) {
            assertThat(payment.unapplied()).as("unapplied cash of %s", payment.id())
                    .isGreaterThanOrEqualTo(BigDecimal.ZERO);
        }
        for (Account.CreditNote credit : account.creditNotes()) {
            assertThat(credit.unapplied()).as("unapplied credit of %s", credit.id())
                    .isGreaterThanOrEqualTo(BigDecimal.ZERO);
        }
    }

    /**
     * What property 1 needs to mean anything: the totals each entry carries agree with the applications that join
     * them, every application joins two documents in one currency, and nothing stays applied from a returned payment
     * or to a cancelled invoice.
     */
    static void applicationsAreConsistent(Account account) {
        Map<String, BigDecimal> toInvoice = new TreeMap<>();
        Map<String, BigDecimal> fromPayment = new TreeMap<>();
        Map<String, BigDecimal> fromCredit = new TreeMap<>();
        account.applications().forEach((key, application) -> {
            assertThat(application.amount()).as("application %s", key).isPositive();
            Account.Invoice invoice = account.invoice(key.invoiceId());
            assertThat(invoice).as("invoice of application %s", key).isNotNull();
            String sourceCurrency = key.sourceKind() == SourceKind.PAYMENT
                    ? account.payment(key.sourceId()).received().currency()
                    : account.creditNote(key.sourceId()).issued().currency();
            assertThat(sourceCurrency).as("currency of application %s", key).isEqualTo(invoice.currency());
            toInvoice.merge(key.invoiceId(), application.amount(), BigDecimal::add);
            (key.sourceKind() == SourceKind.PAYMENT ? fromPayment : fromCredit)
                    .merge(key.sourceId(), application.amount(), BigDecimal::add);
        });
        for (Account.Invoice invoice : account.invoices()) {
            assertThat(invoice.applied()).as("applied to %s", invoice.id())
                    .isEqualByComparingTo(toInvoice.getOrDefault(invoice.id(), BigDecimal.ZERO));
            if (invoice.isCancelled()) {
                assertThat(invoice.applied()).as("applied to cancelled %s", invoice.id()).isZero();
            }
        }
        for (Account.Payment payment : account.payments()) {
            assertThat(payment.applied()).as("applied from %s", payment.id())
                    .isEqualByComparingTo(fromPayment.getOrDefault(payment.id(), BigDecimal.ZERO));
            if (payment.isReturned()) {
                assertThat(payment.applied()).as("applied from returned %s", payment.id()).isZero();
            }
        }
        for (Account.CreditNote credit : account.creditNotes()) {
            assertThat(credit.applied()).as("applied from %s", credit.id())
                    .isEqualByComparingTo(fromCredit.getOrDefault(credit.id(), BigDecimal.ZERO));
        }
    }

    // ---- property 2: open items = what was invoiced less what was applied ----

    static void openItemsReconcile(Account account) {
        Totals t = new Totals();
        for (Account.Invoice invoice : account.invoices()) {
            t.add("open", invoice.currency(), invoice.openAmount());
            if (!invoice.isCancelled()) {
                t.add("invoiced", invoice.currency(),
                        invoice.issued().amount().add(invoice.adjustments()).subtract(invoice.writtenOff()));
            }
        }
        account.applications().forEach((key, application) -> t.add(
                key.sourceKind() == SourceKind.PAYMENT ? "paid" : "credited",
                account.invoice(key.invoiceId()).currency(), application.amount()));
        for (String currency : currencies(account)) {
            assertThat(t.get("open", currency)).as("open items in %s", currency)
                    .isEqualByComparingTo(t.get("invoiced", currency).subtract(t.get("paid", currency))
                            .subtract(t.get("credited", currency)));
        }
    }

    // ---- property 3: the balance, from the entries and from the documents ----

    /** Open items less unapplied cash and credits, per currency: the balance as the account shows it. */
    static Map<String, BigDecimal> balanceFromEntries(Account account) {
        Totals t = new Totals();
        account.invoices().forEach(i -> t.add("b", i.currency(), i.openAmount()));
        account.payments().forEach(p -> t.add("b", p.received().currency(), p.unapplied().negate()));
        account.creditNotes().forEach(c -> t.add("b", c.issued().currency(), c.unapplied().negate()));
        return t.byCurrency("b", currencies(account));
    }

    /** Invoices − cancelled − credit notes − payments + returned payments + adjustments − write-offs, per currency. */
    static Map<String, BigDecimal> balanceFromDocuments(Account account) {
        Totals t = new Totals();
        for (Account.Invoice i : account.invoices()) {
            t.add("b", i.currency(), i.issued().amount().add(i.adjustments()).subtract(i.writtenOff()));
            if (i.isCancelled()) {
                t.add("b", i.currency(), i.issued().amount().negate());
            }
        }
        account.creditNotes().forEach(c -> t.add("b", c.issued().currency(), c.issued().amount().negate()));
        for (Account.Payment p : account.payments()) {
            t.add("b", p.received().currency(), p.received().amount().negate());
            if (p.isReturned()) {
                t.add("b", p.received().currency(), p.received().amount());
            }
        }
        return t.byCurrency("b", currencies(account));
    }

    static void balanceReconciles(Account account) {
        Map<String, BigDecimal> fromEntries = balanceFromEntries(account);
        Map<String, BigDecimal> fromDocuments = balanceFromDocuments(account);
        for (String currency : currencies(account)) {
            assertThat(fromEntries.get(currency)).as("balance in %s: open items - unapplied vs documents", currency)
                    .isEqualByComparingTo(fromDocuments.get(currency));
        }
    }

    // ---- property 4: aging adds up ----

    static void agingAddsUp(Account account, LocalDate asOf) {
        Map<String, BigDecimal> balance = balanceFromDocuments(account);
        for (Aging.Basis basis : Aging.Basis.values()) {
            Aging.Report report = Aging.of(account, asOf, basis, Aging.Buckets.STANDARD);
            Map<String, Aging.CurrencyAging> byCurrency = new TreeMap<>();
            report.currencies().forEach(c -> byCurrency.put(c.currency(), c));
            Totals expected = new Totals();
            account.invoices().forEach(i -> expected.add("open", i.currency(), i.openAmount()));
            account.payments().forEach(p -> expected.add("cash", p.received().currency(), p.unapplied()));
            account.creditNotes().forEach(c -> expected.add("credit", c.issued().currency(), c.unapplied()));
            Totals items = new Totals();
            report.items().forEach(item -> items.add("open", item.currency(), item.openAmount()));
            for (String currency : currencies(account)) {
                Aging.CurrencyAging aging = byCurrency.get(currency);
                String what = basis + " aging as of " + asOf + " in " + currency;
                BigDecimal bucketSum = aging == null ? BigDecimal.ZERO
                        : aging.buckets().values().stream().reduce(BigDecimal.ZERO, BigDecimal::add);
                assertThat(bucketSum).as(what + ": buckets vs open items of the account")
                        .isEqualByComparingTo(expected.get("open", currency));
                assertThat(items.get("open", currency)).as(what + ": listed items vs open items of the account")
                        .isEqualByComparingTo(expected.get("open", currency));
                if (aging != null) {
                    assertThat(aging.openItems()).as(what + ": openItems").isEqualByComparingTo(bucketSum);
                    assertThat(aging.unappliedCash()).as(what + ": unapplied cash")
                            .isEqualByComparingTo(expected.get("cash", currency));
                    assertThat(aging.unappliedCredits()).as(what + ": unapplied credits")
                            .isEqualByComparingTo(expected.get("credit", currency));
                }
                assertThat(aging == null ? BigDecimal.ZERO : aging.balance()).as(what + ": balance vs documents")
                        .isEqualByComparingTo(balance.get(currency));
            }
        }
    }

    static Set<String> currencies(Account account) {
        Set<String> currencies = new TreeSet<>();
        account.invoices().forEach(i -> currencies.add(i.currency()));
        account.payments().forEach(p -> currencies.add(p.received().currency()));
        account.creditNotes().forEach(c -> currencies.add(c.issued().currency()));
        return currencies;
    }

    /** Named running sums per currency, each starting at zero in the currency's scale. */
    private static final class Totals {
        private final Map<String, BigDecimal> sums = new TreeMap<>();

        void add(String name, String currency, BigDecimal amount) {
            sums.merge(name + "/" + currency, amount, BigDecimal::add);
        }

        BigDecimal get(String name, String currency) {
            return sums.getOrDefault(name + "/" + currency, Currencies.normalize(BigDecimal.ZERO, currency));
        }

        Map<String, BigDecimal> byCurrency(String name, Set<String> currencies) {
            Map<String, BigDecimal> result = new TreeMap<>();
            currencies.forEach(c -> result.put(c, get(name, c)));
            return result;
        }
    }
}
