package io.ledgerline.reporting.service;

import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.ledgerline.eventstore.ConcurrencyConflict;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.ledger.Publications;
import io.ledgerline.reporting.ledger.ReportingRelays;
import io.ledgerline.reporting.projection.FactQueries;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes the figures as of a date: every KPI of the last months, quarters and years (for every scope) to the KPI
 * topic, and, when the date is today, every customer's aging to the aging topic (buckets move with time, not only
 * with events). Daily on the business clock, and on demand. A figure goes out only when it changed (or as a period's figure
 * of record), so running it twice publishes nothing new.
 */
@ApplicationScoped
public class PublicationRun {

    private static final Logger LOG = Logger.getLogger(PublicationRun.class);
    private static final int AGING_PAGE = 500;

    /** What a run published. */
    public record Summary(LocalDate asOf, List<String> periods, int kpiRecords, int agingRecords) {
    }

    private final Pool pool;
    private final KpiReports kpis;
    private final AgingPublisher aging;
    private final Publications publications;
    private final FactQueries queries;
    private final ReportingRelays relays;
    private final Clock clock;
    private final int months;
    private final int quarters;
    private final int years;

    public PublicationRun(Pool pool, KpiReports kpis, AgingPublisher aging, Publications publications,
                          FactQueries queries, ReportingRelays relays, Clock clock,
                          @ConfigProperty(name = "ledgerline.reporting.publish.months", defaultValue = "13") int months,
                          @ConfigProperty(name = "ledgerline.reporting.publish.quarters", defaultValue = "4")
                          int quarters,
                          @ConfigProperty(name = "ledgerline.reporting.publish.years", defaultValue = "2") int years) {
        this.pool = pool;
        this.kpis = kpis;
        this.aging = aging;
        this.publications = publications;
        this.queries = queries;
        this.relays = relays;
        this.clock = clock;
        this.months = months;
        this.quarters = quarters;
        this.years = years;
    }

    @Scheduled(cron = "{ledgerline.reporting.daily-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return run(LocalDate.now(clock))
                .invoke(s -> LOG.infof("figures as of %s: %d KPI records and %d aging records published",
                        s.asOf(), s.kpiRecords(), s.agingRecords()))
                .replaceWithVoid();
    }

    /**
     * The periods a run as of {@code asOf} publishes: the last months, quarters and years, the current ones to date. A
     * quarter or a year that ended by {@code asOf} goes out once more as its figure of record on the first run after
     * its end (the decider's rule, as for months), so the daily run closes it on the business clock.
     */
    public List<Period> periods(LocalDate asOf) {
        List<Period> periods = new ArrayList<>();
        YearMonth month = YearMonth.from(asOf);
        for (int n = months - 1; n >= 0; n--) {
            periods.add(Period.month(month.minusMonths(n)));
        }
        YearMonth quarterStart = month.minusMonths((month.getMonthValue() - 1) % 3);
        for (int n = quarters - 1; n >= 0; n--) {
            YearMonth first = quarterStart.minusMonths(3L * n);
            periods.add(Period.quarterOf(first.atDay(1)));
        }
        for (int n = years - 1; n >= 0; n--) {
            periods.add(Period.yearOf(asOf.minusYears(n)));
        }
        return periods;
    }

    public Uni<Summary> run(LocalDate asOf) {
        List<Period> periods = periods(asOf);
        int[] counts = new int[2];
        Uni<Void> kpiPart = Multi.createFrom().iterable(periods)
                .onItem().transformToUniAndConcatenate(period -> kpis.figures(period, asOf, null)
                        .map(figures -> figures.stream().filter(f -> f.value() != null)
                                .map(KpiReports.KpiFigure::record).map(PublicationRun::unrestated).toList())
                        .chain(records -> pool.withTransaction(tx -> publications.publishKpis(tx, records)))
                        .onFailure(ConcurrencyConflict.class).retry().withBackOff(Duration.ofMillis(20)).atMost(10)
                        .invoke(n -> counts[0] += n))
                .collect().last().replaceWithVoid();
        Uni<Void> agingPart = !asOf.equals(LocalDate.now(clock)) ? Uni.createFrom().voidItem()
                : queries.customersWithMoney(pool).chain(customers -> Multi.createFrom().iterable(pages(customers))
                        .onItem().transformToUniAndConcatenate(page ->
                                pool.withTransaction(tx -> aging.publish(tx, page, asOf))
                                        .onFailure(ConcurrencyConflict.class).retry()
                                        .withBackOff(Duration.ofMillis(20)).atMost(10)
                                        .invoke(n -> counts[1] += n))
                        .collect().last().replaceWithVoid());
        return kpiPart.chain(() -> agingPart)
                .invoke(relays::wake)
                .map(ignored -> new Summary(asOf, periods.stream().map(Period::name).toList(), counts[0], counts[1]));
    }

    private static List<List<String>> pages(List<String> customers) {
        List<List<String>> pages = new ArrayList<>();
        for (int from = 0; from < customers.size(); from += AGING_PAGE) {
            pages.add(customers.subList(from, Math.min(customers.size(), from + AGING_PAGE)));
        }
        return pages;
    }

    /** The record as computed, before the decider says whether it is a restatement. */
    private static KpiCalculated unrestated(KpiCalculated figure) {
        return new KpiCalculated(figure.kpi(), figure.scope(), figure.period(), figure.periodStart(),
                figure.periodEnd(), figure.value(), figure.unit(), figure.currency(), figure.formula(),
                figure.inputs(), figure.asOf(), false);
    }
}
