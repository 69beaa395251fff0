package io.ledgerline.reporting.rest;

import io.ledgerline.reporting.projection.FactQueries;
import io.ledgerline.reporting.service.AgingReports;
import io.ledgerline.reporting.service.AgingSettings;
import io.ledgerline.support.Identifiers;
import io.ledgerline.support.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.ledgerline.identity.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
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

@Path("/aging")
@Produces({MediaType.APPLICATION_JSON, "text/csv"})
@Tag(name = "aging", description = "Aging as of any date, by due or invoice date, with configurable buckets")
@RolesAllowed({Roles.AR_CLERK, Roles.COLLECTOR, Roles.CREDIT_ANALYST, Roles.DISPUTE_ANALYST, Roles.SUPERVISOR,
        Roles.CREDIT_MANAGER, Roles.AUDITOR, Roles.READER})
public class AgingResource {

    private final AgingReports reports;
    private final AgingSettings settings;
    private final FactQueries queries;
    private final Pool pool;
    private final Clock clock;

    public AgingResource(AgingReports reports, AgingSettings settings, FactQueries queries, Pool pool, Clock clock) {
        this.reports = reports;
        this.settings = settings;
        this.queries = queries;
        this.pool = pool;
        this.clock = clock;
    }

    @GET
    @Operation(summary = "Aging of the portfolio, or per customer, collector or segment, one row per group and "
            + "currency; JSON, or CSV with format=csv or Accept: text/csv")
    public Uni<Response> aging(
            @Parameter(description = "YYYY-MM-DD, default today") @QueryParam("asOf") String asOf,
            @Parameter(description = "DUE_DATE (default) or INVOICE_DATE") @QueryParam("basis") String basis,
            @Parameter(description = "bucket upper limits in days, e.g. 0,30,60,90") @QueryParam("buckets") String buckets,
            @Parameter(description = "PORTFOLIO (default), CUSTOMER, COLLECTOR or SEGMENT") @QueryParam("groupBy")
            String groupBy,
            @QueryParam("currency") String currency, @QueryParam("format") String format,
            @Context HttpHeaders headers) {
        LocalDate date = Params.asOf(asOf, clock);
        boolean csv = Params.csv(format, headers);
        return reports.aging(date, Params.basis(basis, settings), Params.buckets(buckets, settings),
                        Params.groupBy(groupBy), Params.currency(currency), null)
                .map(report -> csv ? ReportCsv.aging(report).response("aging-" + date + ".csv")
                        : Response.ok(report, MediaType.APPLICATION_JSON).build());
    }

    @GET
    // A customer id may hold '/' (the ingest contract's identifiers), so the id is the rest of the path.
    @Path("/customers/{customerId: .+}")
    @Operation(summary = "One customer's aging per currency as of a date")
    public Uni<Response> customer(@PathParam("customerId") String customerId, @QueryParam("asOf") String asOf,
                                  @QueryParam("basis") String basis, @QueryParam("buckets") String buckets,
                                  @QueryParam("format") String format, @Context HttpHeaders headers) {
        Identifiers.require(customerId, "customerId");
        LocalDate date = Params.asOf(asOf, clock);
        boolean csv = Params.csv(format, headers);
        var basisValue = Params.basis(basis, settings);
        var bucketsValue = Params.buckets(buckets, settings);
        return queries.knownCustomer(pool, customerId).chain(known -> {
            if (!known) {
                throw ProblemException.notFound("UNKNOWN_CUSTOMER", "reporting has seen no customer " + customerId);
            }
            return reports.aging(date, basisValue, bucketsValue, AgingReports.GroupBy.CUSTOMER, null, customerId);
        }).map(report -> csv ? ReportCsv.aging(report).response("aging-" + customerId + "-" + date + ".csv")
                : Response.ok(report, MediaType.APPLICATION_JSON).build());
    }

    @GET
    @Path("/top-overdue")
    @Operation(summary = "The customers with the most past due as of a date, most first, in each currency (amounts of "
            + "two currencies are not compared)")
    public Uni<Response> topOverdue(@QueryParam("asOf") String asOf, @QueryParam("currency") String currency,
                                    @Parameter(description = "1..100 per currency, default 10") @QueryParam("limit")
                                    String limit,
                                    @QueryParam("format") String format, @Context HttpHeaders headers) {
        LocalDate date = Params.asOf(asOf, clock);
        boolean csv = Params.csv(format, headers);
        return reports.topOverdue(date, settings.basis(), settings.buckets(), Params.currency(currency),
                        Params.limit(limit, 10, 100))
                .map(report -> csv ? ReportCsv.aging(report).response("top-overdue-" + date + ".csv")
                        : Response.ok(report, MediaType.APPLICATION_JSON).build());
    }
}
