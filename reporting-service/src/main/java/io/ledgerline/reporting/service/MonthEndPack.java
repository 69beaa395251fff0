package io.ledgerline.reporting.service;

import io.ledgerline.reporting.domain.Period;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

/**
 * What a credit and collections manager takes to the month-end meeting: the aging at month end (portfolio, by
 * collector, by segment), the customers with most past due, every KPI of the month for every scope, and disputes by
 * reason, all as the month stands on {@code asOf}.
 */
@ApplicationScoped
public class MonthEndPack {

    public record Pack(String month, LocalDate monthEnd, LocalDate asOf, AgingReports.AgingReport aging,
                       AgingReports.AgingReport agingByCollector, AgingReports.AgingReport agingBySegment,
                       AgingReports.AgingReport topOverdue, List<KpiReports.KpiFigure> kpis,
                       List<KpiReports.DisputeReason> disputesByReason) {
    }

    private final AgingReports aging;
    private final KpiReports kpis;
    private final AgingSettings settings;

    public MonthEndPack(AgingReports aging, KpiReports kpis, AgingSettings settings) {
        this.aging = aging;
        this.kpis = kpis;
        this.settings = settings;
    }

    /** The aging is as of the month's last day (or {@code asOf}, if the month has not ended by then). */
    public Uni<Pack> of(YearMonth month, LocalDate asOf) {
        Period period = Period.month(month).asOf(asOf);
        LocalDate end = period.end();
        return aging.aging(end, settings.basis(), settings.buckets(), AgingReports.GroupBy.PORTFOLIO, null, null)
                .chain(portfolio -> aging.aging(end, settings.basis(), settings.buckets(),
                        AgingReports.GroupBy.COLLECTOR, null, null)
                .chain(byCollector -> aging.aging(end, settings.basis(), settings.buckets(),
                        AgingReports.GroupBy.SEGMENT, null, null)
                .chain(bySegment -> aging.topOverdue(end, settings.basis(), settings.buckets(), null, 10)
                .chain(top -> kpis.figures(Period.month(month), asOf, null)
                .chain(figures -> kpis.disputesByReason(Period.month(month), asOf)
                .map(disputes -> new Pack(month.toString(), end, asOf, portfolio, byCollector, bySegment, top,
                        figures, disputes)))))));
    }
}
