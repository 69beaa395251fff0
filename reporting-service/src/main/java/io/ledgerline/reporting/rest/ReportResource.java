package io.ledgerline.reporting.rest;

import io.ledgerline.reporting.service.MonthEndPack;
import io.ledgerline.reporting.service.PublicationRun;
import io.smallrye.mutiny.Uni;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.time.YearMonth;

@Path("/")
@Tag(name = "reports", description = "The month-end pack, and publishing the figures to Kafka on demand")
public class ReportResource {

    private final MonthEndPack pack;
    private final PublicationRun run;
    private final Clock clock;

    public ReportResource(MonthEndPack pack, PublicationRun run, Clock clock) {
        this.pack = pack;
        this.run = run;
        this.clock = clock;
    }

    @GET
    @Path("reports/month-end")
    @RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
            Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Produces({MediaType.APPLICATION_JSON, "text/csv"})
    @Operation(summary = "The month-end pack: aging at month end (portfolio, by collector, by segment), top overdue "
            + "customers, every KPI of the month, disputes by reason. CSV: the sections one after another, each with "
            + "its own header line, separated by an empty line")
    public Uni<Response> monthEnd(@Parameter(description = "YYYY-MM, required") @QueryParam("month") String month,
                                  @Parameter(description = "default today") @QueryParam("asOf") String asOf,
                                  @QueryParam("format") String format, @Context HttpHeaders headers) {
        YearMonth m = Params.month("month", month);
        LocalDate date = Params.asOf(asOf, clock);
        Params.period("month", m.toString(), date);
        boolean csv = Params.csv(format, headers);
        return pack.of(m, date).map(p -> {
            if (!csv) {
                return Response.ok(p, MediaType.APPLICATION_JSON).build();
            }
            String text = String.join("\r\n", ReportCsv.aging(p.aging()).toString(),
                    ReportCsv.aging(p.agingByCollector()).toString(), ReportCsv.aging(p.agingBySegment()).toString(),
                    ReportCsv.aging(p.topOverdue()).toString(), ReportCsv.kpis(p.kpis()).toString(),
                    ReportCsv.disputes(p.disputesByReason(), p.month(), p.asOf()).toString());
            return Response.ok(text, Csv.MEDIA_TYPE)
                    .header("Content-Disposition", "attachment; filename=\"month-end-" + m + ".csv\"").build();
        });
    }

    @POST
    @Path("publications/runs")
    @RolesAllowed({Roles.OPERATOR, Roles.SUPERVISOR})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Publish every KPI of the last months and quarters as of a date (default today) to "
            + "ledgerline.reporting.kpis, and when the date is today every customer's aging to ledgerline.reporting.aging;"
            + " only what changed goes out. An asOf after today is refused")
    public Uni<PublicationRun.Summary> publish(@QueryParam("asOf") String asOf) {
        return run.run(Params.asOf(asOf, clock));
    }
}
