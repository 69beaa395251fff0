package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.service.CreditCommands;
import io.ledgerline.credit.service.CreditQueries;
import io.ledgerline.credit.service.DailyRun;
import io.ledgerline.identity.CurrentCaller;
import io.ledgerline.identity.Roles;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** Analysts' queues, credit groups, and the day's run on demand. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class CreditAdminResource {

    public record GroupRequest(String parentId, List<String> members, Object by) {
    }

    /** Members a credit group may list. */
    private static final int MAX_MEMBERS = 1_000;

    private final CreditQueries queries;
    private final CreditCommands commands;
    private final DailyRun dailyRun;
    private final CurrentCaller caller;
    private final Clock clock;

    public CreditAdminResource(CreditQueries queries, CreditCommands commands, DailyRun dailyRun, CurrentCaller caller,
                               Clock clock) {
        this.queries = queries;
        this.commands = commands;
        this.dailyRun = dailyRun;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @Path("queues/held-orders")
    @Tag(name = "Analysts' queues")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Orders held and not yet released, rejected, cancelled, invoiced or expired; oldest first")
    public Uni<CreditViews.Page<CreditQueries.HeldOrder>> heldOrders(@QueryParam("page") String page,
                                                                     @QueryParam("size") String size) {
        int p = Params.range(page, 0, 0, 100_000, "page");
        int s = Params.range(size, 50, 1, 500, "size");
        return queries.heldOrders(LocalDate.now(clock), p, s).map(items -> new CreditViews.Page<>(items, p, s));
    }

    @GET
    @Path("queues/referred-applications")
    @Tag(name = "Analysts' queues")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Applications and reviews waiting for an analyst, or for a second approver")
    public Uni<CreditViews.Page<CreditQueries.ReferredApplication>> referred(@QueryParam("page") String page,
                                                                             @QueryParam("size") String size) {
        int p = Params.range(page, 0, 0, 100_000, "page");
        int s = Params.range(size, 50, 1, 500, "size");
        return queries.referredApplications(p, s).map(items -> new CreditViews.Page<>(items, p, s));
    }

    @GET
    @Path("queues/reviews-due")
    @Tag(name = "Analysts' queues")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Customers whose periodic review fell due and is not decided yet")
    public Uni<CreditViews.Page<CreditQueries.ReviewDue>> reviewsDue(@QueryParam("page") String page,
                                                                     @QueryParam("size") String size) {
        int p = Params.range(page, 0, 0, 100_000, "page");
        int s = Params.range(size, 50, 1, 500, "size");
        return queries.reviewsDue(p, s).map(items -> new CreditViews.Page<>(items, p, s));
    }

    @PUT
    @Path("credit-groups/{groupId}")
    @Tag(name = "Credit groups")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "Define a credit group: the parent (whose limit the group shares) and every member")
    public Uni<CreditViews.Recorded> defineGroup(@PathParam("groupId") String groupId,     GroupRequest body) {
        var by = Callers.actor(caller);
        GroupRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String parent = Params.identifier(r.parentId(), "parentId");
        List<String> members = Params.required(r.members(), "members");
        if (members.size() > MAX_MEMBERS) {
            // The whole list travels in one CreditGroupChanged; a message of the topic has a size limit.
            throw Params.invalid("members", "TOO_MANY", "a credit group has at most " + MAX_MEMBERS
                    + " members, not " + members.size());
        }
        for (int i = 0; i < members.size(); i++) {
            Params.identifier(members.get(i), "members[" + i + "]");
        }
        return commands.handle(new CreditCommand.DefineGroup(parent, Params.identifier(groupId, "groupId"), members,
                LocalDate.now(clock), by)).map(o -> CreditCheckResource.recorded(parent, o));
    }

    @GET
    @Path("credit-groups/{groupId}")
    @Tag(name = "Credit groups")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "A credit group's exposure, summed over its customers against the parent's limit")
    public Uni<CreditQueries.GroupExposure> group(@PathParam("groupId") String groupId, @QueryParam("asOf") String asOf) {
        String id = Params.identifier(groupId, "groupId");
        var group = queries.group(id).orElseThrow(() -> new io.ledgerline.support.ProblemException(
                io.ledgerline.support.Problem.of(Response.Status.NOT_FOUND, "UNKNOWN_GROUP", "no credit group " + id)));
        return queries.groupExposure(group, Params.date(asOf, "asOf", clock));
    }

    @POST
    @Path("daily-runs")
    @Consumes(MediaType.WILDCARD)
    @Tag(name = "Operations")
    @RolesAllowed({Roles.OPERATOR})
    @Operation(summary = "Run the day's time-driven decisions now, for today or an earlier day (never a later one)")
    public Uni<DailyRun.Summary> run(@QueryParam("asOf") String asOf) {
        return dailyRun.run(Params.notAfterToday(asOf, "asOf", clock));
    }
}
