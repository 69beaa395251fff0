package io.ledgerline.receivables.projection;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The portfolio as gauges per currency, read every {@code ledgerline.metrics.portfolio-interval} (60 s) from the
 * open invoices' sums per currency and due date that the account projection keeps with the invoice read model
 * ({@code open_invoice_totals}): a few hundred rows a year, where summing {@code invoice_view} itself scanned every
 * invoice ever issued each minute and delayed the API's reads meanwhile (benchmarks/README.md, "One shared thing
 * found"). The gauges: {@code ledgerline_invoices_open{currency}}, invoices with an open amount, and
 * {@code ledgerline_amount_past_due{currency}}, their open amount due before the business date (major units; a
 * gauge is a double, which is fine for a chart and never used for money). Every replica reports the same numbers;
 * they lag the ledger by the projection's lag. A currency whose invoices are all paid reads 0.
 */
@ApplicationScoped
public class PortfolioMetrics {

    private static final String SQL = """
            SELECT currency, cast(sum(invoices) AS bigint) AS open,
                   coalesce(sum(open_amount) FILTER (WHERE due_date < $1), 0) AS past_due
              FROM open_invoice_totals GROUP BY currency HAVING sum(invoices) > 0""";

    private final Pool pool;
    private final Clock clock;
    private final MeterRegistry registry;
    private final Map<String, AtomicReference<double[]>> byCurrency = new ConcurrentHashMap<>();

    public PortfolioMetrics(Pool pool, Clock clock, MeterRegistry registry) {
        this.pool = pool;
        this.clock = clock;
        this.registry = registry;
    }

    @Scheduled(every = "${ledgerline.metrics.portfolio-interval:60s}", delay = 1,
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return refresh();
    }

    /** Reads the figures now. */
    public Uni<Void> refresh() {
        return pool.preparedQuery(SQL).execute(Tuple.of(LocalDate.now(clock)))
                .invoke(rows -> {
                    byCurrency.values().forEach(held -> held.set(new double[] {0, 0}));
                    for (Row row : rows) {
                        BigDecimal pastDue = row.getBigDecimal("past_due");
                        holder(row.getString("currency")).set(new double[] {row.getLong("open"), pastDue.doubleValue()});
                    }
                })
                .replaceWithVoid()
                // The database is away: the last figures stay; readiness tells the rest.
                .onFailure().recoverWithNull();
    }

    private AtomicReference<double[]> holder(String currency) {
        return byCurrency.computeIfAbsent(currency, c -> {
            AtomicReference<double[]> held = new AtomicReference<>(new double[] {0, 0});
            Gauge.builder("ledgerline.invoices.open", held, h -> h.get()[0])
                    .description("invoices with an open amount").tag("currency", c).register(registry);
            Gauge.builder("ledgerline.amount.past.due", held, h -> h.get()[1])
                    .description("open amount of invoices due before the business date (major units)")
                    .tag("currency", c).register(registry);
            return held;
        });
    }
}
