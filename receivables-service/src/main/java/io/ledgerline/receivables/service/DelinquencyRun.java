package io.ledgerline.receivables.service;

import io.ledgerline.events.receivables.ReceivablesEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.receivables.domain.LedgerCommand;
import io.ledgerline.receivables.ledger.AccountRepository;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;

/**
 * Decides every account's delinquency as of a date: daily on the business clock (ledger changes alone would never
 * notice an invoice falling due), and on demand for a given date.
 */
@ApplicationScoped
public class DelinquencyRun {

    private static final Logger LOG = Logger.getLogger(DelinquencyRun.class);
    private static final int PAGE = 500;

    public record Summary(LocalDate asOf, int accounts, int becameDelinquent, int cured) {
    }

    private final Pool pool;
    private final AccountRepository accounts;
    private final AccountCommands commands;
    private final Clock clock;

    public DelinquencyRun(Pool pool, AccountRepository accounts, AccountCommands commands, Clock clock) {
        this.pool = pool;
        this.accounts = accounts;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(cron = "{ledgerline.delinquency.daily-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(LocalDate.now(clock), AccountCommands.SYSTEM)
                .invoke(s -> LOG.infof("delinquency as of %s: %d accounts, %d delinquent or worse, %d cured",
                        s.asOf(), s.accounts(), s.becameDelinquent(), s.cured()))
                .replaceWithVoid();
    }

    /**
     * Every account, a page of customer ids at a time (memory holds one page, not the portfolio); each account is
     * loaded, folded and decided on a worker thread by {@link AccountCommands}. {@code actor}: the operator who asked for
     * the run, or {@link AccountCommands#SYSTEM} for the daily one.
     */
    public Uni<Summary> run(LocalDate asOf, io.ledgerline.identity.Caller actor) {
        int[] counts = new int[3];
        return runFrom("", asOf, actor, counts).map(ignored -> new Summary(asOf, counts[0], counts[1], counts[2]));
    }

    private Uni<Void> runFrom(String after, LocalDate asOf, io.ledgerline.identity.Caller actor, int[] counts) {
        return accounts.customerIdsAfter(pool, after, PAGE).chain(ids -> ids.isEmpty() ? Uni.createFrom().voidItem()
                : Multi.createFrom().iterable(ids)
                        .onItem().transformToUniAndConcatenate(id -> commands.handle(
                                        new LedgerCommand.EvaluateDelinquency(id, asOf), null, actor)
                                // A ledger change to the same account in between: decide again on the new state.
                                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(10)).atMost(10))
                        .invoke(outcome -> {
                            counts[0]++;
                            for (ReceivablesEvent e : outcome.events()) {
                                counts[e instanceof ReceivablesEvent.AccountCured ? 2 : 1]++;
                            }
                        })
                        .collect().last()
                        .chain(last -> ids.size() < PAGE ? Uni.createFrom().voidItem() : runFrom(ids.getLast(), asOf, actor, counts)));
    }
}
