package io.ledgerline.reporting.service;

import io.ledgerline.events.reporting.ReportingRecord.KpiCalculated;
import io.ledgerline.events.reporting.ReportingRecord.KpiInput;
import io.ledgerline.events.reporting.ReportingRecord.KpiUnit;
import io.ledgerline.reporting.domain.Figure;
import io.ledgerline.reporting.domain.KpiCalculator;
import io.ledgerline.reporting.domain.KpiPublication;
import io.ledgerline.reporting.domain.Kpis;
import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.PeriodFacts;
import io.ledgerline.reporting.domain.Scope;
import io.ledgerline.reporting.ledger.Publications;
import io.ledgerline.reporting.projection.FactQueries;
import io.ledgerline.reporting.projection.PeriodMoney;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The KPIs of any period as of any date, from the read models as of the period's end (or the as-of date, if the period
 * has not ended by then): the same figure today as on the day after the period ended, unless an event dated
 * in the period arrived since, in which case it differs from the figure published then and says {@code restated}.
 */
@ApplicationScoped
public class KpiReports {

    /** Months a countback DSO walks back at most, the period's own month included. */
    public static final int COUNTBACK_MONTHS = 12;

    /** One figure as REST answers it; {@code value} absent (and {@code note} saying why) when not computable. */
    public record KpiFigure(String kpi, String scope, String period, LocalDate periodStart, LocalDate periodEnd,
                            BigDecimal value, KpiUnit unit, String currency, String formula, List<KpiInput> inputs,
                            LocalDate asOf, boolean restated, String note) {

        public KpiCalculated record() {
            return new KpiCalculated(kpi, scope, period, periodStart, periodEnd, value, unit, currency, formula,
                    inputs, asOf, restated);
        }
    }

    /** One reason's disputes: open on the date, and resolved in the period with their cycle time. */
    public record DisputeReason(String reasonCode, long openDisputes, Map<String, BigDecimal> openAmounts,
                                long resolved, long accepted, BigDecimal acceptanceRate, Long cycleDaysP50,
                                Long cycleDaysP90) {
    }

    private final Pool pool;
    private final FactQueries queries;
    private final Publications publications;
    private final PeriodMoney periods;
    private final Clock clock;

    public KpiReports(Pool pool, FactQueries queries, Publications publications, PeriodMoney periods,
                      Clock clock) {
        this.pool = pool;
        this.queries = queries;
        this.publications = publications;
        this.periods = periods;
        this.clock = clock;
    }

    /**
     * The facts of {@code period} as it stands on {@code asOf}, the money from the read models the consumer keeps, as
     * of the period's end ({@link PeriodMoney}): a whole month that ended before today from its kept month, any other
     * period (a quarter, a year, a custom range, a period to date) from the open-amount spans and the days' money.
     * Promises, contacts, disputes, scopes and per-collector collections are read from their facts, for every period
     * alike; without {@code collectorWork} the collections per collector and who held which customer are left empty:
     * only a collector's scope reads them, and the collections per collector are the costliest query of a period
     * (each payment joined to the assignment of its day), so the portfolio's trend, one period a month, does without.
     */
    public Uni<PeriodFacts> facts(Period period, LocalDate asOf, boolean collectorWork) {
        Period p = period.asOf(asOf);
        Uni<List<PeriodFacts.Money>> money = periods.money(pool, p, LocalDate.now(clock), null);
        List<Period> countback = p.countbackMonths(COUNTBACK_MONTHS);
        LocalDate end = p.end();
        return money.chain(m ->
                queries.collectors(pool, end).chain(collectors ->
                queries.segments(pool, end).chain(segments ->
                queries.activity(pool, p.start(), end).chain(activity ->
                queries.disputesResolved(pool, p.start(), end).chain(disputes ->
                (collectorWork ? queries.collectedByCollector(pool, p.start(), end)
                        : Uni.createFrom().item(List.<PeriodFacts.Collection>of())).chain(collections ->
                (collectorWork ? queries.held(pool, p.start(), end)
                        : Uni.createFrom().item(List.<PeriodFacts.Held>of())).map(held ->
                        new PeriodFacts(p, countback, m, activity, disputes, collectors, segments, collections,
                                held))))))));
    }

    /**
     * Whether {@code scope} names something reporting has seen: a collector some case was ever assigned to, a risk
     * class some customer was ever given; always the portfolio and the groups of customers without either
     * ({@code collector:unassigned}, {@code segment:unrated}). A misspelt name would otherwise get figures of nobody.
     */
    public Uni<Boolean> known(Scope scope) {
        if (scope.kind().equals("collector") && !scope.value().equals(PeriodFacts.UNASSIGNED)) {
            return queries.knownCollector(pool, scope.value());
        }
        if (scope.kind().equals("segment") && !scope.value().equals(PeriodFacts.UNRATED)) {
            return queries.knownSegment(pool, scope.value());
        }
        return Uni.createFrom().item(true);
    }

    /**
     * Every figure of the period for the scopes given (null: the portfolio, every collector and every segment),
     * each marked restated if it differs from the figure of record published after the period ended.
     */
    public Uni<List<KpiFigure>> figures(Period period, LocalDate asOf, List<Scope> scopes) {
        // Every scope (null) includes the collectors, which the collections per collector name.
        boolean collectorWork = scopes == null || scopes.stream().anyMatch(Scope::isCollector);
        return facts(period, asOf, collectorWork).chain(facts -> {
            List<KpiFigure> figures = new ArrayList<>();
            for (Scope scope : scopes == null ? allScopes(facts) : scopes) {
                for (KpiCalculator.ScopedFigure scoped : KpiCalculator.compute(facts, scope)) {
                    Figure f = scoped.figure();
                    figures.add(new KpiFigure(f.kpi(), scoped.scope(), period.name(), facts.period().start(),
                            facts.period().end(), f.value(), f.unit(), f.currency(), f.formula(), f.inputs(), asOf,
                            false, f.note()));
                }
            }
            // A figure without a value is looked up too: one that had a figure of record is restated.
            List<String> keys = figures.stream().map(f -> f.record().key()).toList();
            if (keys.isEmpty()) {
                return Uni.createFrom().item(figures);
            }
            return publications.kpiStates(pool, keys).map(states -> figures.stream().map(f -> {
                KpiPublication.State state = states.get(f.record().key());
                boolean restated = state != null && KpiPublication.restated(state, f.record());
                return restated ? new KpiFigure(f.kpi(), f.scope(), f.period(), f.periodStart(), f.periodEnd(),
                        f.value(), f.unit(), f.currency(), f.formula(), f.inputs(), f.asOf(), true, f.note()) : f;
            }).toList());
        });
    }

    /**
     * The portfolio's figures month by month (for trend lines), each month as it stands on {@code asOf}, one month
     * after the other: read four at a time they were no faster (a month's reads are PostgreSQL's CPU, not waits;
     * benchmarks/README.md, "Aging reports bucketed by the database").
     */
    public Uni<List<KpiFigure>> trend(List<Period> months, LocalDate asOf) {
        List<Uni<List<KpiFigure>>> perMonth = new ArrayList<>();
        for (Period month : months) {
            perMonth.add(figures(month, asOf, List.of(Scope.PORTFOLIO)));
        }
        return Multi.createFrom().iterable(perMonth)
                .onItem().transformToUniAndConcatenate(u -> u)
                .collect().asList()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    /**
     * Disputes by reason: open on {@code asOf}, and resolved in {@code period} (as it stands on that date). Open on
     * {@code asOf}, not at the period's end, as the report says and labels its rows (they are the same day but for a
     * period that ended before {@code asOf}).
     */
    public Uni<List<DisputeReason>> disputesByReason(Period period, LocalDate asOf) {
        Period p = period.asOf(asOf);
        return queries.openDisputes(pool, asOf).chain(open -> queries.disputesResolved(pool, p.start(), p.end())
                .map(resolved -> {
                    TreeSet<String> reasons = new TreeSet<>();
                    open.forEach(o -> reasons.add(o.reasonCode()));
                    resolved.forEach(r -> reasons.add(r.reasonCode()));
                    List<DisputeReason> rows = new ArrayList<>();
                    for (String reason : reasons) {
                        long openCount = 0;
                        Map<String, BigDecimal> amounts = new TreeMap<>();
                        for (FactQueries.OpenDisputes o : open) {
                            if (o.reasonCode().equals(reason)) {
                                openCount += o.disputes();
                                if (o.currency() != null && o.amount() != null) {
                                    amounts.merge(o.currency(), o.amount(), BigDecimal::add);
                                }
                            }
                        }
                        List<PeriodFacts.Dispute> mine = resolved.stream()
                                .filter(r -> r.reasonCode().equals(reason)).toList();
                        long accepted = mine.stream().filter(PeriodFacts.Dispute::accepted).count();
                        List<Long> cycle = mine.stream().map(PeriodFacts.Dispute::cycleDays).toList();
                        rows.add(new DisputeReason(reason, openCount, amounts, mine.size(), accepted,
                                mine.isEmpty() ? null : Kpis.percent(BigDecimal.valueOf(accepted),
                                        BigDecimal.valueOf(mine.size())),
                                boxed(Kpis.percentile(cycle, 50)), boxed(Kpis.percentile(cycle, 90))));
                    }
                    return rows;
                }));
    }

    static List<Scope> allScopes(PeriodFacts facts) {
        List<Scope> scopes = new ArrayList<>();
        scopes.add(Scope.PORTFOLIO);
        TreeSet<String> collectors = new TreeSet<>(facts.collectorOf().values());
        // A collector who worked customers in the period but holds none at its end still has their work counted.
        facts.activity().stream().map(PeriodFacts.Activity::collector)
                .filter(c -> !c.equals(PeriodFacts.UNASSIGNED)).forEach(collectors::add);
        // So does one who collected from customers they no longer hold.
        facts.collections().stream().map(PeriodFacts.Collection::collector)
                .filter(c -> !c.equals(PeriodFacts.UNASSIGNED)).forEach(collectors::add);
        collectors.forEach(c -> scopes.add(Scope.collector(c)));
        new TreeSet<>(facts.segmentOf().values()).forEach(s -> scopes.add(Scope.segment(s)));
        return scopes;
    }

    private static Long boxed(java.util.OptionalLong value) {
        return value.isPresent() ? value.getAsLong() : null;
    }
}
