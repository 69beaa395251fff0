package io.ledgerline.reporting.properties;

import io.ledgerline.events.DomainEvent;
import io.ledgerline.reporting.projection.DayMoney;
import io.ledgerline.reporting.projection.FactQueries;
import io.ledgerline.reporting.projection.FactsWriter;
import io.ledgerline.reporting.projection.MonthMoney;
import io.ledgerline.reporting.projection.PeriodMoney;
import io.ledgerline.reporting.projection.SpansWriter;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;

import java.time.Duration;
import java.util.List;

/**
 * What the consumer does with a poll, without the inbox and the aging publication: the facts, then the read models
 * over them (open-amount spans, the days' money, built months reworked), in one transaction per poll.
 */
final class Pipeline {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final FactsWriter WRITER = new FactsWriter();
    static final FactQueries QUERIES = new FactQueries();
    static final SpansWriter SPANS = new SpansWriter();
    static final MonthMoney MONTHS = new MonthMoney(QUERIES, 12);
    static final DayMoney DAYS = new DayMoney();
    static final PeriodMoney PERIODS = new PeriodMoney(QUERIES, DAYS, MONTHS, 12);

    private Pipeline() {
    }

    /** Records {@code events} in {@code polls} polls of about the same size, in their order. */
    static void record(Pool pool, List<? extends DomainEvent> events, int polls) {
        int size = Math.max(1, (events.size() + polls - 1) / polls);
        for (int from = 0; from < events.size(); from += size) {
            List<? extends DomainEvent> poll = events.subList(from, Math.min(events.size(), from + size));
            FactsWriter.Batch batch = WRITER.batch();
            poll.forEach(event -> WRITER.add(batch, event));
            // As the consumer sends them: the facts and the reads and writes over them pipelined together.
            pool.withTransaction(tx -> MonthMoney.lockShared(tx)
                    .chain(() -> Uni.combine().all().unis(WRITER.write(tx, batch),
                            SPANS.update(tx, batch.invoices(), batch.returnedPayments(), batch.unappliedChanged()),
                            DAYS.update(tx, batch.invoices(), batch.returnedPayments())).discardItems())
                    .chain(() -> MONTHS.rework(tx, batch.earliestMoneyDates())))
                    .await().atMost(TIMEOUT);
        }
    }
}
