package io.ledgerline.receivables.properties;

import io.ledgerline.events.ingest.IngestEvent;
import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.events.receivables.ReceivablesEvent.RemainderPolicy;
import io.ledgerline.events.receivables.ReceivablesEvent.SourceKind;
import io.ledgerline.receivables.domain.Account;
import io.ledgerline.receivables.domain.AccountDecider;
import io.ledgerline.receivables.domain.Aging;
import io.ledgerline.receivables.domain.Decision;
import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.domain.LedgerRules;
import io.ledgerline.receivables.domain.WriteOffAuthority;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whole account histories: a {@link LedgerScenario}'s contract inputs with people's commands interleaved (write-offs
 * alone and with approval, approvals and declines, reversals, adjustments, manual applications and unapplications,
 * policy changes, delinquency runs), so every part of an account's state is exercised, not only what ingest fills.
 * <p>
 * A command is generated as small numbers and resolved against the account when its turn comes (the n-th open
 * invoice, the n-th pending request...), so every history is runnable and shrinks like the scenarios do.
 */
final class LedgerHistories {

    /** Automatic small-balance write-offs in EUR and a reason catalogue, so those paths are taken too. */
    static final LedgerRules RULES = new LedgerRules(5, Map.of("EUR", new BigDecimal("1.00"), "JPY", new BigDecimal("100")),
            Aging.Buckets.STANDARD, BigDecimal.valueOf(20), Map.of("UNCOLLECTABLE", "Balance written off"));

    private static final WriteOffAuthority NEEDS_APPROVAL = new WriteOffAuthority(currency -> BigDecimal.ZERO, false);

    private LedgerHistories() {
    }

    sealed interface Step {
    }

    record WriteOff(int invoice, boolean partial, boolean needsApproval) implements Step {
    }

    record DecideRequest(int request, boolean approve) implements Step {
    }

    record Reverse(int writeOff) implements Step {
    }

    record Adjust(int invoice, boolean raise) implements Step {
    }

    record Apply(int source, int invoice) implements Step {
    }

    record Unapply(int application) implements Step {
    }

    record ChangePolicy(boolean leaveUnapplied) implements Step {
    }

    record Delinquency(int day) implements Step {
    }

    /** A step at a place among the inputs (taken modulo their number + 1). */
    record Placed(int at, Step step) {
    }

    record History(LedgerScenario scenario, List<Placed> steps) {

        String customerId() {
            return scenario.customerId();
        }

        /** The inputs in arrival order with the steps between them: each element an IngestEvent or a Step. */
        List<Object> actions() {
            List<IngestEvent> inputs = scenario.arrival();
            List<Object> actions = new ArrayList<>();
            for (int i = 0; i <= inputs.size(); i++) {
                for (Placed placed : steps) {
                    if (placed.at() % (inputs.size() + 1) == i) {
                        actions.add(placed.step());
                    }
                }
                if (i < inputs.size()) {
                    actions.add(inputs.get(i));
                }
            }
            return actions;
        }

        @Override
        public String toString() {
            return scenario + "\nsteps: " + steps;
        }
    }

    /** What running actions did: each one's decision (null: a step with nothing to act on), and the events. */
    record Run(Account account, List<Decision> decisions, List<ReceivablesEvent> events) {
    }

    static Arbitrary<History> histories() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 15);
        Arbitrary<Step> step = Arbitraries.frequencyOf(
                weighted(4, Combinators.combine(n, Arbitraries.of(true, false),
                        Arbitraries.of(true, false)).as(WriteOff::new)),
                weighted(2, Combinators.combine(n, Arbitraries.of(true, false)).as(DecideRequest::new)),
                weighted(1, n.map(Reverse::new)),
                weighted(2, Combinators.combine(n, Arbitraries.of(true, false)).as(Adjust::new)),
                weighted(2, Combinators.combine(n, n).as(Apply::new)),
                weighted(2, n.map(Unapply::new)),
                weighted(1, Arbitraries.of(true, false).map(ChangePolicy::new)),
                weighted(1, Arbitraries.integers().between(0, 500).map(Delinquency::new)));
        Arbitrary<List<Placed>> steps = Combinators.combine(Arbitraries.integers().between(0, 60), step)
                .as(Placed::new).list().ofMaxSize(12);
        return Combinators.combine(LedgerScenarios.scenarios(), steps).as(History::new);
    }

    /** Runs actions on {@code account} (changed in place) as the service does: decide, then fold what was accepted. */
    static Run run(Account account, List<Object> actions) {
        List<Decision> decisions = new ArrayList<>();
        List<ReceivablesEvent> events = new ArrayList<>();
        for (Object action : actions) {
            Decision decision = switch (action) {
                case IngestEvent input -> AccountDecider.decide(input, account, RULES);
                case Step step -> {
                    LedgerCommand command = command(account, step);
                    yield command == null ? null : AccountDecider.decide(command, account, RULES);
                }
                default -> throw new IllegalArgumentException(String.valueOf(action));
            };
            decisions.add(decision);
            if (decision instanceof Decision.Accepted accepted) {
                accepted.events().forEach(account::evolve);
                events.addAll(accepted.events());
            }
        }
        return new Run(account, decisions, events);
    }

    private static final java.time.LocalDate TODAY = LedgerScenarios.YEAR_END.plusDays(1);

    /** The command a step stands for on this account, or null when there is nothing for it to act on. */
    static LedgerCommand command(Account account, Step step) {
        String customer = account.customerId();
        List<Account.Invoice> open = account.invoices().stream()
                .filter(i -> !i.isCancelled() && i.openAmount().signum() > 0).toList();
        return switch (step) {
            case WriteOff w -> open.isEmpty() ? null : writeOff(customer, nth(open, w.invoice()), w);
            case DecideRequest d -> {
                List<Account.WriteOffRequest> pending = account.writeOffRequests().values().stream()
                        .filter(Account.WriteOffRequest::isPending).toList();
                if (pending.isEmpty()) {
                    yield null;
                }
                String id = nth(pending, d.request()).id();
                yield d.approve() ? new LedgerCommand.ApproveWriteOff(customer, id, TODAY, "sam")
                        : new LedgerCommand.DeclineWriteOff(customer, id, TODAY, "sam", "collect first");
            }
            case Reverse r -> {
                List<Account.WriteOff> done = account.writeOffs().values().stream().filter(w -> !w.reversed()).toList();
                yield done.isEmpty() ? null : new LedgerCommand.ReverseWriteOff(customer, nth(done, r.writeOff()).id(),
                        TODAY, "sam", "customer paid after all");
            }
            case Adjust a -> {
                List<Account.Invoice> live = account.invoices().stream().filter(i -> !i.isCancelled()).toList();
                if (live.isEmpty()) {
                    yield null;
                }
                Account.Invoice invoice = nth(live, a.invoice());
                BigDecimal one = BigDecimal.ONE.setScale(invoice.issued().amount().scale());
                yield new LedgerCommand.AdjustInvoice(customer, invoice.id(), a.raise() ? one : one.negate(), TODAY,
                        "alex", "freight");
            }
            case Apply a -> {
                List<Account.Payment> cash = account.payments().stream().filter(p -> p.unapplied().signum() > 0).toList();
                if (cash.isEmpty()) {
                    yield null;
                }
                Account.Payment payment = nth(cash, a.source());
                List<Account.Invoice> sameCurrency = open.stream()
                        .filter(i -> i.currency().equals(payment.received().currency())).toList();
                if (sameCurrency.isEmpty()) {
                    yield null;
                }
                Account.Invoice invoice = nth(sameCurrency, a.invoice());
                yield new LedgerCommand.ApplyCash(customer, SourceKind.PAYMENT, payment.id(), invoice.id(),
                        payment.unapplied().min(invoice.openAmount()), TODAY, "alex");
            }
            case Unapply u -> {
                List<Account.ApplicationKey> keys = List.copyOf(account.applications().keySet());
                if (keys.isEmpty()) {
                    yield null;
                }
                Account.ApplicationKey key = nth(keys, u.application());
                yield new LedgerCommand.UnapplyCash(customer, key.sourceKind(), key.sourceId(), key.invoiceId(), null,
                        TODAY, "alex", "applied to the wrong invoice");
            }
            case ChangePolicy c -> new LedgerCommand.ChangeCashApplicationPolicy(customer,
                    c.leaveUnapplied() ? RemainderPolicy.LEAVE_UNAPPLIED : RemainderPolicy.OLDEST_FIRST, TODAY, "sam");
            case Delinquency d -> new LedgerCommand.EvaluateDelinquency(customer, LedgerScenarios.YEAR_START.plusDays(d.day()));
        };
    }

    private static LedgerCommand writeOff(String customer, Account.Invoice invoice, WriteOff w) {
        BigDecimal amount = w.partial()
                ? invoice.openAmount().divide(BigDecimal.TWO, invoice.openAmount().scale(), RoundingMode.DOWN) : null;
        if (amount != null && amount.signum() == 0) {
            amount = null;
        }
        return new LedgerCommand.WriteOff(customer, invoice.id(), amount, TODAY, "alex", "alex-subject", "clerk",
                "UNCOLLECTABLE", "internal note", w.needsApproval() ? NEEDS_APPROVAL : WriteOffAuthority.unlimited());
    }

    private static Tuple.Tuple2<Integer, Arbitrary<? extends Step>> weighted(int weight, Arbitrary<? extends Step> step) {
        return Tuple.of(weight, step);
    }

    private static <T> T nth(List<T> list, int n) {
        return list.get(n % list.size());
    }
}
