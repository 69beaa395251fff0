package io.ledgerline.receivables.ingest;

import io.ledgerline.eventstore.Quarantine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The quarantine as metrics, for alerts: {@code ledgerline_ingest_quarantined_customers} and
 * {@code ledgerline_ingest_quarantined_records} (Prometheus names, at {@code /q/metrics}). Anything above zero needs
 * a person: the README says what to do. Read from the database (every replica reports the same numbers), every
 * {@code ledgerline.ingest.quarantine.metrics-interval} and right after a park or a replay.
 */
@ApplicationScoped
public class QuarantineMetrics {

    private final Pool pool;
    private final Quarantine quarantine;
    private final AtomicLong customers = new AtomicLong();
    private final AtomicLong records = new AtomicLong();

    public QuarantineMetrics(Pool pool, Quarantine quarantine, MeterRegistry registry) {
        this.pool = pool;
        this.quarantine = quarantine;
        Gauge.builder("ledgerline.ingest.quarantined.customers", customers, AtomicLong::get)
                .description("Customers whose ingest records are parked in quarantine").register(registry);
        Gauge.builder("ledgerline.ingest.quarantined.records", records, AtomicLong::get)
                .description("Ingest records parked in quarantine").register(registry);
    }

    @Scheduled(every = "${ledgerline.ingest.quarantine.metrics-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refreshNow();
    }

    /** Reads the totals again in the background. */
    public void refresh() {
        refreshNow().subscribe().with(ignored -> { }, failure -> { });
    }

    Uni<Void> refreshNow() {
        return quarantine.totals(pool)
                .invoke(totals -> {
                    customers.set(totals[0]);
                    records.set(totals[1]);
                })
                .replaceWithVoid()
                // The database is away: the last numbers stay, readiness tells the rest.
                .onFailure().recoverWithNull();
    }

    public long customers() {
        return customers.get();
    }

    public long records() {
        return records.get();
    }
}
