package io.ledgerline.reporting.rest;

import io.ledgerline.reporting.domain.Period;
import io.ledgerline.reporting.domain.Scope;
import io.ledgerline.reporting.service.KpiReports;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

@Path("/")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@Tag(name = "kpis", description = "DSO (simple, countback), BPDSO, ADD, CEI and the collections and disputes figures")
@RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
        Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
public class KpiResource {

    static final int MAX_TREND_MONTHS = 36;

    private final KpiReports reports;
    private final Clock clock;
    private final long maxPeriodDays;

    public KpiResource(KpiReports reports, Clock clock,
                       @ConfigProperty(name = "ledgerline.reporting.max-period-days", defaultValue = "1098")
                       long maxPeriodDays) {
        this.reports = reports;
        this.clock = clock;
        this.maxPeriodDays = maxPeriodDays;
    }

    @GET
    @Path("kpis")
    @Operation(summary = "Every KPI of a period (a month, quarter, year, custom range or period to date) for the "
            + "portfolio, each collector and each segment (or one scope), as the period stands on asOf, each with its "
            + "formula and inputs; JSON or CSV")
    public Uni<Response> kpis(
            @Parameter(description = "2026-10, 2026-Q4, 2026, 2026-10-01_2026-10-15, month-to-date, quarter-to-date "
                    + "or year-to-date; default the month of asOf. Or give from (and to) instead")
            @QueryParam("period") String period,
            @Parameter(description = "first day of a custom range YYYY-MM-DD (instead of period)")
            @QueryParam("from") String from,
            @Parameter(description = "last day of a custom range YYYY-MM-DD, default asOf; not after asOf")
            @QueryParam("to") String to,
            @QueryParam("asOf") String asOf,
            @Parameter(description = "portfolio, collector:<name>, segment:<risk class> or all (default)")
            @QueryParam("scope") String scope,
            @Parameter(description = "only these KPIs, comma-separated, in any case, e.g. DSO_COUNTBACK,CEI; another "
                    + "name is refused") @QueryParam("kpi") String kpi,
            @QueryParam("format") String format, @Context HttpHeaders headers) {
        LocalDate date = Params.asOf(asOf, clock);
        Period p = Params.period(period, from, to, date, maxPeriodDays);
        boolean csv = Params.csv(format, headers);
        Set<String> only = Params.kpis(kpi);
        List<Scope> scopes = Params.scopes(scope);
        Uni<Void> known = scopes == null ? Uni.createFrom().voidItem() : reports.known(scopes.getFirst())
                .invoke(yes -> {
                    if (!yes) {
                        Scope s = scopes.getFirst();
                        throw ProblemException.invalidField("scope", "UNKNOWN_" + s.kind().toUpperCase(Locale.ROOT),
                                "reporting has seen no " + s.kind() + " " + s.value());
                    }
                }).replaceWithVoid();
        return known.chain(() -> reports.figures(p, date, scopes))
                .map(figures -> only == null ? figures : figures.stream().filter(f -> only.contains(f.kpi())).toList())
                .map(figures -> csv ? ReportCsv.kpis(figures).response("kpis-" + p.name() + ".csv")
                        : Response.ok(figures, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("kpis/trend")
    @Operation(summary = "The portfolio's KPIs month by month, from one month to another, as each stands on asOf")
    public Uni<Response> trend(@Parameter(description = "first month YYYY-MM") @QueryParam("from") String from,
                               @Parameter(description = "last month YYYY-MM, default the month of asOf")
                               @QueryParam("to") String to,
                               @QueryParam("asOf") String asOf, @QueryParam("kpi") String kpi,
                               @QueryParam("format") String format, @Context HttpHeaders headers) {
        LocalDate date = Params.asOf(asOf, clock);
        YearMonth last = to == null || to.isBlank() ? YearMonth.from(date) : Params.month("to", to);
        YearMonth first = from == null || from.isBlank() ? last.minusMonths(11) : Params.month("from", from);
        if (first.isAfter(last)) {
            throw ProblemException.invalidField("from", "INVALID_MONTH", "from must not be after to");
        }
        if (last.atDay(1).isAfter(date)) {
            throw ProblemException.invalidField("to", "PERIOD_AFTER_AS_OF", "month " + last + " starts after asOf " + date);
        }
        if (first.plusMonths(MAX_TREND_MONTHS).isBefore(last.plusMonths(1))) {
            throw ProblemException.invalidField("from", "TOO_MANY_MONTHS", "a trend spans at most "
                    + MAX_TREND_MONTHS + " months");
        }
        List<Period> months = new ArrayList<>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            months.add(Period.month(m));
        }
        boolean csv = Params.csv(format, headers);
        Set<String> only = Params.kpis(kpi);
        return reports.trend(months, date)
                .map(figures -> only == null ? figures : figures.stream().filter(f -> only.contains(f.kpi())).toList())
                .map(figures -> csv ? ReportCsv.kpis(figures).response("kpi-trend-" + first + "-" + last + ".csv")
                        : Response.ok(figures, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("disputes/by-reason")
    @Operation(summary = "Disputes by reason: open on asOf, and resolved in the period with acceptance rate and "
            + "cycle time p50/p90")
    public Uni<Response> disputesByReason(@QueryParam("period") String period, @QueryParam("from") String from,
                                          @QueryParam("to") String to, @QueryParam("asOf") String asOf,
                                          @QueryParam("format") String format, @Context HttpHeaders headers) {
        LocalDate date = Params.asOf(asOf, clock);
        Period p = Params.period(period, from, to, date, maxPeriodDays);
        boolean csv = Params.csv(format, headers);
        return reports.disputesByReason(p, date)
                .map(rows -> csv ? ReportCsv.disputes(rows, p.name(), date).response("disputes-" + p.name() + ".csv")
                        : Response.ok(rows, MediaType.APPLICATION_JSON).build());
    }
}
