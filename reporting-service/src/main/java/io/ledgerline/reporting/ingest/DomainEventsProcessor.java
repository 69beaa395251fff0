package io.ledgerline.reporting.ingest;

import io.ledgerline.events.ConsumedEvent;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.eventstore.Inbox;
import io.ledgerline.reporting.ledger.ReportingRelays;
import io.ledgerline.reporting.projection.DayMoney;
import io.ledgerline.reporting.projection.FactsWriter;
import io.ledgerline.reporting.projection.MonthMoney;
import io.ledgerline.reporting.projection.SpansWriter;
import io.ledgerline.reporting.service.AgingPublisher;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Records one poll of domain events in one database transaction: the inbox rows (dedupe by ce_source and ce_id), the
 * facts they carry, the read models over them ({@link SpansWriter}, {@link DayMoney}, {@link MonthMoney}), and the
 * aging snapshots they change (as of the business date), appended to reporting's event store for the relays. A
 * failure rolls all of it back and the poll is decided again.
 */
@ApplicationScoped
public class DomainEventsProcessor {

    /** The inbox name of this consumer. */
    public static final String INBOX = "reporting-service";

    private final Pool pool;
    private final Inbox inbox;
    private final FactsWriter writer;
    private final SpansWriter spans;
    private final DayMoney days;
    private final MonthMoney months;
    private final AgingPublisher aging;
    private final ReportingRelays relays;
    private final Clock clock;

    public DomainEventsProcessor(Pool pool, Inbox inbox, FactsWriter writer, SpansWriter spans, DayMoney days,
                                 MonthMoney months, AgingPublisher aging, ReportingRelays relays, Clock clock) {
        this.pool = pool;
        this.inbox = inbox;
        this.writer = writer;
        this.spans = spans;
        this.days = days;
        this.months = months;
        this.aging = aging;
        this.relays = relays;
        this.clock = clock;
    }

    /** What became of a poll. */
    public record Outcome(int recorded, int duplicates, int agingRecords) {
    }

    public Uni<Outcome> process(List<ConsumedEvent<?>> events) {
        return process(events, PollTrace.none());
    }

    Uni<Outcome> process(List<ConsumedEvent<?>> events, PollTrace trace) {
        Set<String> ids = new LinkedHashSet<>();
        events.forEach(event -> ids.add(messageId(event)));
        return Uni.createFrom().deferred(() -> pool.withTransaction(tx -> {
                    trace.mark("begin");
                    return record(tx, events, ids, trace);
                }))
                .invoke(outcome -> {
                    trace.mark("commit");
                    if (outcome.agingRecords() > 0) {
                        relays.wakeAging();
                    }
                })
                // The daily run published the same aging key meanwhile: decide again on what it left.
                .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofSeconds(1))
                .atMost(20);
    }

    private Uni<Outcome> record(SqlConnection tx, List<ConsumedEvent<?>> events, Set<String> ids, PollTrace trace) {
        // The lock, the inbox and the built months are sent together (pipelined, in that order, on the connection):
        // one round trip, and the months are read under the lock, so no build slips in between.
        return Uni.combine().all().unis(MonthMoney.lockShared(tx).replaceWith(true), inbox.recordNew(tx, INBOX, ids),
                        MonthMoney.built(tx))
                .asTuple().chain(read -> {
            trace.mark("lock+inbox");
            Set<String> fresh = read.getItem2();
            List<MonthMoney.BuiltMonth> built = read.getItem3();
            FactsWriter.Batch batch = writer.batch();
            Set<String> seen = new HashSet<>();
            int duplicates = 0;
            for (ConsumedEvent<?> event : events) {
                String id = messageId(event);
                if (fresh.contains(id) && seen.add(id)) {
                    writer.add(batch, event.event());
                } else {
                    duplicates++;
                }
            }
            int recorded = events.size() - duplicates;
            int dup = duplicates;
            // Facts first, then the read models over them (open-amount spans, the days' money of the customers
            // touched, built months a late fact changes), then the aging of today from those spans: all in the poll's
            // transaction. Statements that do not need an answer before the next are sent together: PostgreSQL runs
            // a connection's statements in the order sent, so each sees what was sent before it. That makes three round
            // trips after the first: the facts, the reads of the spans' facts and the days; the spans' writes with,
            // right behind them, the reads of the months reworked and of the aging (which see the new spans); the
            // months' rows, the aging records and their states.
            return Uni.combine().all().unis(writer.write(tx, batch),
                            spans.prepare(tx, batch.invoices(), batch.returnedPayments(), batch.unappliedChanged()),
                            days.update(tx, batch.invoices(), batch.returnedPayments()))
                    .with((facts, spanWrites, daysDone) -> spanWrites)
                    .invoke(() -> trace.mark("facts+spans-reads+days"))
                    .chain(spanWrites -> Uni.combine().all().unis(spanWrites.get(),
                            months.rework(tx, built, batch.earliestMoneyDates()),
                            aging.prepare(tx, batch.agingChanged(), LocalDate.now(clock))).asTuple())
                    .invoke(() -> trace.mark("spans-writes+months+aging-reads"))
                    .chain(decided -> Uni.combine().all().unis(decided.getItem2().write(tx),
                            decided.getItem3().get()).with((reworked, records) -> {
                                trace.mark("writes");
                                trace.size(recorded, batch.agingChanged().size(), reworked, records);
                                return records;
                            }))
                    .map(records -> new Outcome(recorded, dup, records));
        });
    }

    /** Sources are URI-references and hold no spaces, so a space keeps (source, id) pairs apart. */
    static String messageId(ConsumedEvent<?> event) {
        return event.source() + " " + event.id();
    }
}
