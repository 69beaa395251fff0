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

    /**
     * The aging is as of the month's last day (or {@code asOf}, if the month has not ended by then). Its views share
     * one read of the open amounts; the views, the KPIs and the disputes are read side by side.
     */
    public Uni<Pack> of(YearMonth month, LocalDate asOf) {
        Period period = Period.month(month).asOf(asOf);
        LocalDate end = period.end();
        return Uni.combine().all().unis(aging.views(end, settings.basis(), settings.buckets(), 10),
                        kpis.figures(Period.month(month), asOf, null),
                        kpis.disputesByReason(Period.month(month), asOf))
                .with((views, figures, disputes) -> new Pack(month.toString(), end, asOf, views.get(0), views.get(1),
                        views.get(2), views.get(3), figures, disputes));
    }
}
