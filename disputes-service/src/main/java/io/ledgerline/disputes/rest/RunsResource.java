package io.ledgerline.disputes.rest;

import io.ledgerline.disputes.service.DisputeAnalytics;
import io.ledgerline.disputes.service.SlaRun;
import io.ledgerline.eventstore.ProjectionRunner;
import io.ledgerline.eventstore.ProjectionStatus;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** The SLA run on demand, the dispute lead's analytics, and read-model status. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Runs and analytics")
public class RunsResource {

    private final SlaRun sla;
    private final DisputeAnalytics analytics;
    private final ProjectionRunner projections;
    private final Clock clock;

    public RunsResource(SlaRun sla, DisputeAnalytics analytics, ProjectionRunner projections, Clock clock) {
        this.sla = sla;
        this.analytics = analytics;
        this.projections = projections;
        this.clock = clock;
    }

    @POST
    @Path("sla-runs")
    @RolesAllowed({Roles.OPERATOR})
    @Operation(summary = "Escalate every case whose SLA was breached as of a date (default today, never after today)")
    public Uni<SlaRun.Summary> slaRun(@QueryParam("asOf") String asOf) {
        return sla.run(Params.date(asOf, "asOf", Params.today(clock)));
    }

    @GET
    @Path("analytics/open")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Open cases as of a date by reason code, owner and age (days since the round started)")
    public Uni<DisputeAnalytics.OpenReport> open(@QueryParam("asOf") String asOf) {
        return analytics.open(Params.date(asOf, "asOf", Params.today(clock)));
    }

    @GET
    @Path("analytics/cycle-times")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Days from opening (or reopening) to resolution per reason code: median, 90th percentile, average, longest")
    public Uni<List<DisputeAnalytics.CycleTime>> cycleTimes(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate[] period = period(from, to);
        return analytics.cycleTimes(period[0], period[1]);
    }

    @GET
    @Path("analytics/outcomes")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Resolutions per reason code by outcome, and the share accepted (fully or partly)")
    public Uni<List<DisputeAnalytics.Outcomes>> outcomes(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate[] period = period(from, to);
        return analytics.outcomes(period[0], period[1]);
    }

    @GET
    @Path("analytics/credits")
    @RolesAllowed({Roles.DISPUTE_ANALYST, Roles.SUPERVISOR, Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Amounts credited per month and reason code (which reasons cost most)")
    public Uni<List<DisputeAnalytics.Credited>> credits(@QueryParam("from") String from, @QueryParam("to") String to) {
        LocalDate[] period = period(from, to);
        return analytics.credited(period[0], period[1]);
    }

    @GET
    @Path("admin/projections")
    @RolesAllowed({Roles.AUDITOR, Roles.OPERATOR})
    @Operation(summary = "Read-model status: checkpoint, head, events behind")
    public Uni<List<ProjectionStatus>> projections() {
        return projections.status();
    }

    /** Default: the last twelve months up to today. */
    private LocalDate[] period(String from, String to) {
        LocalDate end = Params.date(to, "to", Params.today(clock));
        LocalDate start = Params.date(from, "from", end.minusMonths(12).plusDays(1));
        if (start.isAfter(end)) {
            throw io.ledgerline.support.ProblemException.invalidField("from", "INVALID_DATE", "from " + start
                    + " is after to " + end);
        }
        return new LocalDate[]{start, end};
    }
}
