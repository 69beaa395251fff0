package io.ledgerline.credit.service;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.events.credit.CreditEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The day's time-driven decisions for every customer credit knows: orders past their expiry closed, temporary limits
 * ended, periodic reviews falling due (and re-scored for an analyst), blocking rules weighed again as amounts age.
 * Daily on the business clock, and on demand for a given day; the events say the day they were decided for.
 */
@ApplicationScoped
public class DailyRun {

    private static final Logger LOG = Logger.getLogger(DailyRun.class);
    private static final String CUSTOMERS = "SELECT customer_id FROM credit_customer ORDER BY customer_id";

    /** What a run decided, by event type. */
    public record Summary(LocalDate asOf, int customers, Map<String, Integer> events) {
    }

    private final Pool pool;
    private final CreditCommands commands;
    private final Clock clock;

    public DailyRun(Pool pool, CreditCommands commands, Clock clock) {
        this.pool = pool;
        this.commands = commands;
        this.clock = clock;
    }

    @Scheduled(cron = "{ledgerline.credit.daily-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(LocalDate.now(clock))
                .invoke(s -> LOG.infof("credit's day %s: %d customers, %s", s.asOf(), s.customers(), s.events()))
                .replaceWithVoid();
    }

    public Uni<Summary> run(LocalDate asOf) {
        Map<String, Integer> counts = new TreeMap<>();
        int[] customers = {0};
        return pool.query(CUSTOMERS).execute()
                .map(rows -> {
                    List<String> ids = new ArrayList<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                })
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> commands.handle(new CreditCommand.RunDay(id, asOf)))
                .invoke(outcome -> {
                    customers[0]++;
                    for (CreditEvent event : outcome.events()) {
                        counts.merge(event.getClass().getSimpleName(), 1, Integer::sum);
                    }
                })
                .collect().last()
                .map(ignored -> new Summary(asOf, customers[0], counts));
    }
}
