package io.ledgerline.receivables.properties;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.BusinessDate;
import io.ledgerline.receivables.domain.CashApplication;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerRules;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Assume;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ledger's bookkeeping identities, for any valid inputs of one customer in any cross-topic arrival order
 * (see {@link LedgerScenarios} for what is generated). Every property folds the inputs with decide + evolve, as the
 * ingest processor does, skipping rejected inputs.
 */
class LedgerPropertiesTest {

    private static final int TRIES = 1000;
    /** After every document of the generated year (and every due date), so every open item is aged. */
    private static final LocalDate AFTER_EVERYTHING = LocalDate.of(2027, 1, 15);

    @Provide
    Arbitrary<LedgerScenario> scenarios() {
        return LedgerScenarios.scenarios();
    }

    /** Property 1, after every single input, plus the generator's health: mostly accepted inputs of every kind. */
    @Property(tries = TRIES)
    void no_entry_ever_holds_a_negative_or_impossible_amount(@ForAll("scenarios") LedgerScenario scenario) {
        Account account = AccountDecider.initialState(scenario.customerId());
        for (IngestEvent input : scenario.arrival()) {
            Ledger.Outcome outcome = new Ledger.Outcome(input, AccountDecider.decide(input, account));
            Statistics.label("verdict").collect(outcome.accepted() ? "accepted" : "rejected");
            Statistics.label("outcome").collect(outcome.label());
            if (outcome.decision() instanceof Decision.Accepted accepted) {
                for (ReceivablesEvent event : accepted.events()) {
                    account.evolve(event);
                    Statistics.label("event").collect(eventLabel(event));
                }
            }
            Ledger.entriesAreWithinBounds(account);
            Ledger.applicationsAreConsistent(account);
        }
        // The properties only say something if the generated inputs are mostly ones the ledger takes, and if every
        // interesting path (each cash-application rule, cancels, returns, each ledger rejection) is actually taken.
        Statistics.label("verdict").coverage(c -> c.check("accepted").percentage(p -> p >= 70));
        Statistics.label("outcome").coverage(c -> {
            c.check("duplicate").count(n -> n > 0);
            c.check("CURRENCY_MISMATCH").count(n -> n > 0);
            c.check("INVOICE_NOT_CANCELLABLE").count(n -> n > 0);
            c.check("CONFLICTING_DUPLICATE").count(n -> n > 0);
            c.check("UNKNOWN_PAYMENT").count(n -> n > 0);
        });
        Statistics.label("event").coverage(c -> {
            for (ReceivablesEvent.ApplicationRule rule : List.of(ReceivablesEvent.ApplicationRule.REMITTANCE,
                    ReceivablesEvent.ApplicationRule.REFERENCE, ReceivablesEvent.ApplicationRule.EXACT_AMOUNT,
                    ReceivablesEvent.ApplicationRule.OLDEST_FIRST, ReceivablesEvent.ApplicationRule.CREDIT_NOTE_INVOICE)) {
                c.check("PaymentApplied " + rule).count(n -> n > 0);
            }
            c.check("PaymentUnapplied").count(n -> n > 0);
            c.check("InvoiceCancelled").count(n -> n > 0);
            c.check("PaymentReturned").count(n -> n > 0);
        });
    }

    /** Property 2, after every input. */
    @Property(tries = TRIES)
    void open_items_are_what_was_invoiced_less_what_was_applied(@ForAll("scenarios") LedgerScenario scenario) {
        forEachState(scenario, Ledger::openItemsReconcile);
    }

    /** Property 3, after every input. */
    @Property(tries = TRIES)
    void balance_from_entries_equals_balance_from_documents(@ForAll("scenarios") LedgerScenario scenario) {
        forEachState(scenario, Ledger::balanceReconciles);
    }

    /** Property 4, as of a day after everything. */
    @Property(tries = TRIES)
    void aging_buckets_add_up_to_the_open_items_and_the_balance(@ForAll("scenarios") LedgerScenario scenario) {
        Account account = Ledger.fold(scenario.customerId(), scenario.arrival()).account();
        Ledger.agingAddsUp(account, AFTER_EVERYTHING);
    }

    /** Property 4, as the ledger stood on a day inside the year (only the events dated up to then). */
    @Property(tries = TRIES)
    void aging_as_of_any_day_adds_up(@ForAll("scenarios") LedgerScenario scenario) {
        Ledger.Fold fold = Ledger.fold(scenario.customerId(), scenario.arrival());
        Account asOf = BusinessDate.accountAsOf(scenario.customerId(), fold.events(), scenario.asOf());
        Ledger.agingAddsUp(asOf, scenario.asOf());
    }

    /**
     * BusinessDate promises that folding the events up to a date "always gives a consistent ledger as it stood that
     * day": so properties 1–3 hold for as-of views too.
     */
    @Property(tries = TRIES)
    void the_ledger_as_of_any_day_is_consistent(@ForAll("scenarios") LedgerScenario scenario) {
        Ledger.Fold fold = Ledger.fold(scenario.customerId(), scenario.arrival());
        Account asOf = BusinessDate.accountAsOf(scenario.customerId(), fold.events(), scenario.asOf());
        Ledger.entriesAreWithinBounds(asOf);
        Ledger.applicationsAreConsistent(asOf);
        Ledger.openItemsReconcile(asOf);
        Ledger.balanceReconciles(asOf);
    }

    /**
     * The ingest path's shortcut decides on the account itself instead of a copy: it must give exactly the decisions,
     * events and state the pure decider does.
     */
    @Property(tries = TRIES)
    void deciding_in_place_is_the_same_as_deciding_on_a_copy(@ForAll("scenarios") LedgerScenario scenario) {
        Ledger.Fold pure = Ledger.fold(scenario.customerId(), scenario.arrival());
        Account working = AccountDecider.initialState(scenario.customerId());
        List<Decision> decisions = new java.util.ArrayList<>();
        for (IngestEvent input : scenario.arrival()) {
            decisions.add(AccountDecider.decideAndFold(input, working, LedgerRules.DEFAULT));
        }
        assertThat(decisions).isEqualTo(pure.outcomes().stream().map(Ledger.Outcome::decision).toList());
        assertThat(working).isEqualTo(pure.account());
    }

    /**
     * The shortcut for a new invoice ({@link CashApplication#newInvoiceAlone}): wherever it is taken, the decision
     * applies exactly what it said (a remittance line waiting for the invoice, or nothing), and afterwards the whole
     * allocation over the account places exactly the amounts the account has. Also that it is taken, in accounts
     * with cash placed before and with a remittance waiting, and passed over.
     */
    @Property(tries = TRIES)
    void a_new_invoice_the_shortcut_decides_is_what_the_whole_allocation_would_decide(
            @ForAll("scenarios") LedgerScenario scenario) {
        Account account = AccountDecider.initialState(scenario.customerId());
        for (IngestEvent input : scenario.arrival()) {
            Map<Account.ApplicationKey, Account.Application> alone = null;
            if (input instanceof IngestEvent.InvoiceIssued i && account.invoice(i.invoiceId()) == null) {
                alone = CashApplication.newInvoiceAlone(account, new ReceivablesEvent.InvoiceIssued(i.customerId(),
                        i.invoiceId(), i.issueDate(), i.dueDate(), i.currency(), i.amount(), i.purchaseOrder(),
                        i.description()));
                Statistics.label("new invoice").collect(alone == null ? "whole allocation"
                        : !alone.isEmpty() ? "shortcut, a remittance waiting for it"
                        : account.applications().isEmpty() ? "shortcut" : "shortcut, cash placed before");
            }
            Decision decision = AccountDecider.decide(input, account);
            if (decision instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
                if (alone != null) {
                    Map<Account.ApplicationKey, java.math.BigDecimal> said = new java.util.HashMap<>();
                    alone.forEach((key, application) -> said.put(key, application.amount()));
                    Map<Account.ApplicationKey, java.math.BigDecimal> made = new java.util.HashMap<>();
                    accepted.events().stream().filter(ReceivablesEvent.PaymentApplied.class::isInstance)
                            .map(ReceivablesEvent.PaymentApplied.class::cast)
                            .forEach(e -> made.put(new Account.ApplicationKey(e.sourceKind(), e.sourceId(),
                                    e.invoiceId()), e.amount()));
                    assertThat(made).as("%s", LedgerScenario.describe(input)).isEqualTo(said);
                    assertThat(accepted.events()).noneMatch(ReceivablesEvent.PaymentUnapplied.class::isInstance);
                    applicationsAreTheWholeAllocation(account, input);
                }
            }
        }
        Statistics.label("new invoice").coverage(c -> {
            c.check("whole allocation").count(n -> n > 0);
            c.check("shortcut").count(n -> n > 0);
            c.check("shortcut, cash placed before").count(n -> n > 0);
            c.check("shortcut, a remittance waiting for it").count(n -> n > 0);
        });
    }

    /**
     * What the shortcuts of cash application rest on, and what they must keep: after every decision the account's
     * applications are exactly what the whole allocation over its documents places (the same keys and amounts),
     * whichever way it was decided. Also that the payment shortcut is taken, in accounts with cash placed before, and
     * passed over.
     */
    @Property(tries = TRIES)
    void after_every_decision_the_applications_are_the_whole_allocation(@ForAll("scenarios") LedgerScenario scenario) {
        Account account = AccountDecider.initialState(scenario.customerId());
        for (IngestEvent input : scenario.arrival()) {
            if (input instanceof IngestEvent.PaymentReceived p && p.allocations() != null && !p.allocations().isEmpty()
                    && account.payment(p.paymentId()) == null) {
                boolean shortcut = CashApplication.remittanceAlone(account, new ReceivablesEvent.PaymentReceived(
                        p.customerId(), p.paymentId(), p.receivedDate(), p.currency(), p.amount(), p.method(),
                        p.reference(), p.allocations())) != null;
                Statistics.label("payment with remittance").collect(!shortcut ? "whole allocation"
                        : account.applications().isEmpty() ? "shortcut" : "shortcut, cash placed before");
            }
            if (AccountDecider.decide(input, account) instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
            }
            applicationsAreTheWholeAllocation(account, input);
        }
        Statistics.label("payment with remittance").coverage(c -> {
            c.check("whole allocation").count(n -> n > 0);
            c.check("shortcut").count(n -> n > 0);
            c.check("shortcut, cash placed before").count(n -> n > 0);
        });
    }

    /**
     * Property 5: the contract's promise that cross-topic arrival order does not change the ledger: the same
     * documents, applied amounts, write-offs, cancels included: money Ledgerline's own rules placed on an invoice
     * moves when it is cancelled, exactly as if the cancel had come first. Two rules of the contract itself depend on
     * what has arrived, and are left out: a cancel is refused once the payer's remittance has applied money to the
     * invoice, and a remittance line in another currency than its invoice is refused only if the invoice is already
     * known. The rule an application was made under and the day delinquency was decided on are history, not ledger,
     * and may differ ({@link Account#sameLedgerAs}).
     */
    @Property(tries = TRIES)
    void arrival_order_across_topics_does_not_matter(@ForAll("scenarios") LedgerScenario scenario) {
        Assume.that(!scenario.orderSensitiveByContract());
        Statistics.label("cancels").collect(scenario.hasCancel() ? "with a cancel" : "without");
        Statistics.label("cancels").coverage(c -> c.check("with a cancel").percentage(p -> p >= 5));
        Account one = Ledger.fold(scenario.customerId(), scenario.arrival()).account();
        Account other = Ledger.fold(scenario.customerId(), scenario.otherArrival()).account();
        assertThat(other.sameLedgerAs(one)).as("%s%nversus%n%s", other, one).isTrue();
    }

    /**
     * Property 7: an accepted input sent again with the same content (a redelivery under a new message id) is a
     * duplicate, both right after it was accepted and once everything else has arrived; and deciding never changes
     * the state it is given.
     */
    @Property(tries = TRIES)
    void accepted_inputs_sent_again_change_nothing(@ForAll("scenarios") LedgerScenario scenario) {
        Account account = AccountDecider.initialState(scenario.customerId());
        for (IngestEvent input : scenario.arrival()) {
            Account before = account.copy();
            Decision decision = AccountDecider.decide(input, account);
            assertThat(account).as("state after deciding %s", LedgerScenario.describe(input)).isEqualTo(before);
            if (decision instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
                assertThat(AccountDecider.decide(input, account)).as("%s again, at once", LedgerScenario.describe(input))
                        .isEqualTo(new Decision.Accepted(List.of()));
            }
        }
        Account end = account.copy();
        for (IngestEvent input : resendable(Ledger.fold(scenario.customerId(), scenario.arrival()).acceptedInputs())) {
            assertThat(AccountDecider.decide(input, account)).as("%s again, at the end", LedgerScenario.describe(input))
                    .isEqualTo(new Decision.Accepted(List.of()));
        }
        assertThat(account).isEqualTo(end);
    }

    /**
     * Every accepted document, and of the customer snapshots only the last: a snapshot carries no version, the
     * contract says the newest one wins, so an older snapshot sent again after a newer one is (by design) taken as
     * newer still and does change the profile.
     */
    private static List<IngestEvent> resendable(List<IngestEvent> accepted) {
        IngestEvent lastSnapshot = accepted.stream().filter(IngestEvent.CustomerUpdated.class::isInstance)
                .reduce((first, second) -> second).orElse(null);
        return accepted.stream()
                .filter(input -> !(input instanceof IngestEvent.CustomerUpdated) || input.equals(lastSnapshot))
                .toList();
    }

    /** The account's applications are what the whole allocation over its documents places: keys and amounts. */
    private static void applicationsAreTheWholeAllocation(Account account, IngestEvent after) {
        Map<Account.ApplicationKey, Account.Application> whole = CashApplication.allocate(account);
        assertThat(whole.keySet()).as("after %s: %s", LedgerScenario.describe(after), account)
                .isEqualTo(account.applications().keySet());
        whole.forEach((key, application) -> assertThat(application.amount())
                .as("%s after %s: %s", key, LedgerScenario.describe(after), account)
                .isEqualByComparingTo(account.applications().get(key).amount()));
    }

    private static void forEachState(LedgerScenario scenario, Consumer<Account> check) {
        Account account = AccountDecider.initialState(scenario.customerId());
        for (IngestEvent input : scenario.arrival()) {
            if (AccountDecider.decide(input, account) instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
            }
            check.accept(account);
        }
    }

    private static String eventLabel(ReceivablesEvent event) {
        return event instanceof ReceivablesEvent.PaymentApplied applied
                ? "PaymentApplied " + applied.rule() : event.getClass().getSimpleName();
    }
}
