package io.ledgerline.disputes.service;

import io.ledgerline.disputes.domain.DisputeCommand;
import io.ledgerline.disputes.domain.Rejection;
import io.ledgerline.disputes.ledger.DisputeRepository;
import io.ledgerline.eventstore.ConcurrencyConflict;
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
 * Escalates every case whose SLA was breached as of a date: daily on the business clock, and on demand for a given
 * date (never after today: the business clock decides what "now" is). Each escalation says the as-of date it was
 * decided for, so a replay decides the same.
 */
@ApplicationScoped
public class SlaRun {

    private static final Logger LOG = Logger.getLogger(SlaRun.class);

    public record Summary(LocalDate asOf, int checked, int escalated) {
    }

    private final Pool pool;
    private final DisputeRepository disputes;
    private final DisputeCommands commands;
    private final Clock clock;

    public SlaRun(Pool pool, DisputeRepository disputes, DisputeCommands commands, Clock clock) {
        this.pool = pool;
        this.disputes = disputes;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(cron = "{ledgerline.disputes.sla.daily-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(LocalDate.now(clock))
                .invoke(s -> LOG.infof("SLA run as of %s: %d cases checked, %d escalated", s.asOf(), s.checked(), s.escalated()))
                .replaceWithVoid();
    }

    public Uni<Summary> run(LocalDate asOf) {
        LocalDate today = LocalDate.now(clock);
        if (asOf.isAfter(today)) {
            return Uni.createFrom().failure(new CommandRefused(Rejection.invalid("AS_OF_IN_FUTURE", "asOf",
                    "asOf " + asOf + " is after today (" + today + " on the business clock)")));
        }
        int[] counts = new int[2];
        return disputes.activeDisputeIds(pool)
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> commands.handle(new DisputeCommand.CheckSla(id, asOf), null)
                        .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(10)).atMost(10))
                .invoke(outcome -> {
                    counts[0]++;
                    counts[1] += outcome.events().size();
                })
                .collect().last()
                .map(ignored -> new Summary(asOf, counts[0], counts[1]));
    }
}
