package io.ledgerline.credit.rest;

import io.ledgerline.credit.domain.CreditCommand;
import io.ledgerline.credit.domain.Exposure;
import io.ledgerline.credit.domain.Money;
import io.ledgerline.credit.domain.Rejection;
import io.ledgerline.credit.service.CommandRejected;
import io.ledgerline.credit.service.CreditCommands;
import io.ledgerline.credit.service.CreditQueries;
import io.ledgerline.events.credit.CreditEvent;
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

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

/** One customer's credit: the profile and exposure an analyst reads, and what analysts change on it. */
@Path("/customers")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Customers' credit")
public class CustomerResource {

    public record FinancialsRequest(BigDecimal annualRevenue, BigDecimal netWorth, BigDecimal currentRatio,
                                    Integer yearsInBusiness) {
    }

    public record TradeReferenceRequest(String company, String contact, Integer yearsKnown) {
    }

    public record ApplicationRequest(String applicationId, String currency, BigDecimal requestedLimit,
                                     FinancialsRequest financials, List<TradeReferenceRequest> tradeReferences,
                                     Integer bureauScore, LocalDate bureauScoreDate, Object by) {
    }

    public record DecisionRequest(CreditCommand.Verdict decision, BigDecimal limit, String reason, Object by) {
    }

    public record SecondApprovalRequest(Boolean confirm, String reason, Object by) {
    }

    public record LimitRequest(BigDecimal limit, LocalDate validFrom, LocalDate validTo, String reason, Object by) {
    }

    public record HoldRequest(String reason, CreditEvent.HoldScope scope, Object by) {
    }

    public record ReleaseRequest(String note, Object by) {
    }

    /** Decimals a current ratio may have: more would say nothing the scorecard's bins could tell apart. */
    private static final int MAX_RATIO_DECIMALS = 6;
    /** The highest bureau score of any bureau's scale (FICO 850, Experian UK 999, Schufa 100...). */
    private static final int MAX_BUREAU_SCORE = 1_000;
    /**
     * Trade references an application may list: the scorecard's bins end at a handful, and every one travels in the
     * application's event (a message of the topic has a size limit).
     */
    private static final int MAX_TRADE_REFERENCES = 50;

    private final CreditCommands commands;
    private final CreditQueries queries;
    private final CurrentCaller caller;
    private final Clock clock;

    public CustomerResource(CreditCommands commands, CreditQueries queries, CurrentCaller caller, Clock clock) {
        this.commands = commands;
        this.queries = queries;
        this.caller = caller;
        this.clock = clock;
    }

    @GET
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Search customers by id or name (any case), optionally of one risk class")
    public Uni<CreditViews.Page<CreditQueries.CustomerRow>> search(@QueryParam("search") String search,
                                                                   @QueryParam("riskClass") String riskClass,
                                                                   @QueryParam("page") String page,
                                                                   @QueryParam("size") String size) {
        int p = Params.range(page, 0, 0, 100_000, "page");
        int s = Params.range(size, 50, 1, 500, "size");
        return queries.search(search, riskClass, p, s).map(items -> new CreditViews.Page<>(items, p, s));
    }

    @GET
    @Path("{customerId}")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The credit profile: limit, live exposure, risk class, score history, holds, open orders,"
            + " last decision with its reasons, applications")
    public Uni<CreditViews.Profile> profile(@PathParam("customerId") String customerId) {
        String id = Params.identifier(customerId, "customerId");
        LocalDate today = today();
        return queries.customer(id).map(credit -> CreditViews.Profile.of(credit,
                queries.exposureIfConvertible(credit, today), queries.groupOf(id).orElse(null), today));
    }

    @GET
    @Path("{customerId}/exposure")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "Live exposure as of a day: open AR + open released orders − disputed, per currency and"
            + " converted (rate and date shown), utilisation and headroom")
    public Uni<Exposure> exposure(@PathParam("customerId") String customerId, @QueryParam("asOf") String asOf,
                                  @QueryParam("currency") String currency) {
        String id = Params.identifier(customerId, "customerId");
        LocalDate day = Params.date(asOf, "asOf", clock);
        String in = currency == null ? null : Params.currency(currency, "currency");
        return queries.customer(id).map(credit -> queries.exposure(credit, day, in));
    }

    @GET
    @Path("{customerId}/group-exposure")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "The exposure of the customer's credit group, summed against the group's limit")
    public Uni<CreditQueries.GroupExposure> groupExposure(@PathParam("customerId") String customerId,
                                                          @QueryParam("asOf") String asOf) {
        String id = Params.identifier(customerId, "customerId");
        LocalDate day = Params.date(asOf, "asOf", clock);
        var group = queries.groupOf(id).orElseThrow(() -> new io.ledgerline.support.ProblemException(
                io.ledgerline.support.Problem.of(Response.Status.NOT_FOUND, "NOT_IN_A_GROUP",
                        "customer " + id + " is in no credit group")));
        return queries.groupExposure(group, day);
    }

    @POST
    @Path("{customerId}/applications")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "A credit application: scored at once; APPROVED or DECLINED within policy, else REFERRED")
    public Uni<Response> apply(@PathParam("customerId") String customerId,
                               ApplicationRequest body) {
        var by = Callers.actor(caller);
        ApplicationRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String id = Params.identifier(customerId, "customerId");
        String applicationId = Params.identifier(r.applicationId(), "applicationId");
        String currency = Params.currency(r.currency(), "currency");
        BigDecimal requested = Params.required(r.requestedLimit(), "requestedLimit");
        FinancialsRequest f = r.financials();
        if (f != null) {
            nonNegative(f.annualRevenue(), "financials.annualRevenue");
            nonNegative(f.currentRatio(), "financials.currentRatio");
            financialAmount(f.annualRevenue(), currency, "financials.annualRevenue");
            financialAmount(f.netWorth(), currency, "financials.netWorth");
            if (f.currentRatio() != null && (Money.tooLarge(f.currentRatio())
                    || f.currentRatio().stripTrailingZeros().scale() > MAX_RATIO_DECIMALS)) {
                throw Params.invalid("financials.currentRatio", "INVALID_FIELD", "currentRatio has at most "
                        + Money.MAX_INTEGER_DIGITS + " digits before the decimal point and " + MAX_RATIO_DECIMALS
                        + " after it");
            }
            if (f.yearsInBusiness() != null && f.yearsInBusiness() < 0) {
                throw Params.invalid("financials.yearsInBusiness", "INVALID_FIELD", "yearsInBusiness must not be negative");
            }
        }
        if (r.bureauScore() != null && (r.bureauScore() < 0 || r.bureauScore() > MAX_BUREAU_SCORE)) {
            throw Params.invalid("bureauScore", "INVALID_FIELD", "bureauScore must be from 0 to "
                    + MAX_BUREAU_SCORE);
        }
        Params.inRange(r.bureauScoreDate(), "bureauScoreDate");
        if (r.bureauScoreDate() != null && r.bureauScoreDate().isAfter(today())) {
            // A bureau's score is dated when the bureau gave it: never after the day the application arrives.
            throw Params.invalid("bureauScoreDate", "DATE_IN_THE_FUTURE", "bureauScoreDate must not be after today ("
                    + today() + ")");
        }
        if (r.tradeReferences() != null && r.tradeReferences().size() > MAX_TRADE_REFERENCES) {
            throw Params.invalid("tradeReferences", "TOO_MANY", "at most " + MAX_TRADE_REFERENCES
                    + " trade references are accepted, not " + r.tradeReferences().size());
        }
        List<CreditEvent.TradeReference> references = r.tradeReferences() == null ? List.of()
                : r.tradeReferences().stream().map(t -> {
                    Params.required(t, "tradeReferences[]");
                    if (t.yearsKnown() != null && t.yearsKnown() < 0) {
                        throw Params.invalid("tradeReferences[].yearsKnown", "INVALID_FIELD",
                                "yearsKnown must not be negative");
                    }
                    return new CreditEvent.TradeReference(Params.text(t.company(), "tradeReferences[].company"),
                            Params.optionalText(t.contact(), "tradeReferences[].contact"), t.yearsKnown());
                }).toList();
        var command = new CreditCommand.SubmitApplication(id, applicationId, currency, requested,
                f == null ? null : new CreditEvent.Financials(f.annualRevenue(), f.netWorth(), f.currentRatio(),
                        f.yearsInBusiness()), references, r.bureauScore(), r.bureauScoreDate(), today(), by);
        return commands.handle(command).map(outcome -> Response.status(outcome.repeat() ? 200 : 201)
                .entity(CreditViews.Application.of(outcome.credit().file().application(applicationId))).build());
    }

    @GET
    @Path("{customerId}/applications/{applicationId}")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR, Roles.COLLECTOR, Roles.AR_CLERK,
            Roles.DISPUTE_ANALYST, Roles.AUDITOR, Roles.READER})
    @Operation(summary = "An application or review: what was received, every decision with its points and reasons")
    public Uni<CreditViews.Application> application(@PathParam("customerId") String customerId,
                                                    @PathParam("applicationId") String applicationId) {
        String id = Params.identifier(customerId, "customerId");
        String app = Params.identifier(applicationId, "applicationId");
        return queries.customer(id).map(credit -> {
            var found = credit.file().application(app);
            if (found == null) {
                throw new io.ledgerline.support.ProblemException(io.ledgerline.support.Problem.of(
                        Response.Status.NOT_FOUND, "UNKNOWN_APPLICATION", "customer " + id + " has no application "
                                + app));
            }
            return CreditViews.Application.of(found);
        });
    }

    @POST
    @Path("{customerId}/applications/{applicationId}/decision")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "An analyst decides a referred application or review (APPROVED with a limit, or DECLINED);"
            + " above the four-eyes amount an approval waits for a second person")
    public Uni<CreditViews.Recorded> decide(@PathParam("customerId") String customerId,
                                            @PathParam("applicationId") String applicationId, DecisionRequest body) {
        var by = Callers.actor(caller);
        DecisionRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        String id = Params.identifier(customerId, "customerId");
        return run(new CreditCommand.DecideApplication(id, Params.identifier(applicationId, "applicationId"),
                Params.required(r.decision(), "decision"), r.limit(), Params.text(r.reason(), "reason"), today(),
                by));
    }

    @POST
    @Path("{customerId}/applications/{applicationId}/second-approval")
    @RolesAllowed({Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "Four eyes: a second person (never the approving analyst nor the person who entered the"
            + " application) confirms or refuses an approval above the four-eyes amount")
    public Uni<CreditViews.Recorded> secondApproval(@PathParam("customerId") String customerId,
                                                    @PathParam("applicationId") String applicationId, SecondApprovalRequest body) {
        var by = Callers.actor(caller);
        SecondApprovalRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return run(new CreditCommand.ConfirmApproval(Params.identifier(customerId, "customerId"),
                Params.identifier(applicationId, "applicationId"), Params.required(r.confirm(), "confirm"),
                Params.text(r.reason(), "reason"), today(), by));
    }

    @PUT
    @Path("{customerId}/limits/{currency}")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "Set the credit limit in a currency from a day (today by default), optionally until a day;"
            + " above the four-eyes amount a limit is raised through an application instead")
    public Uni<CreditViews.Recorded> setLimit(@PathParam("customerId") String customerId,
                                              @PathParam("currency") String currency,  LimitRequest body) {
        var by = Callers.actor(caller);
        LimitRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return run(new CreditCommand.ChangeLimit(Params.identifier(customerId, "customerId"),
                Params.currency(currency, "currency"), Params.required(r.limit(), "limit"),
                Params.inRange(r.validFrom(), "validFrom"), Params.inRange(r.validTo(), "validTo"), false,
                Params.text(r.reason(), "reason"), today(), by));
    }

    @POST
    @Path("{customerId}/limits/{currency}/temporary-increases")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER})
    @Operation(summary = "Raise the limit between two days; it falls back to the permanent limit after validTo")
    public Uni<CreditViews.Recorded> temporaryIncrease(@PathParam("customerId") String customerId,
                                                       @PathParam("currency") String currency, LimitRequest body) {
        var by = Callers.actor(caller);
        LimitRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return run(new CreditCommand.ChangeLimit(Params.identifier(customerId, "customerId"),
                Params.currency(currency, "currency"), Params.required(r.limit(), "limit"),
                Params.inRange(r.validFrom(), "validFrom"),
                Params.inRange(Params.required(r.validTo(), "validTo"), "validTo"), true,
                Params.text(r.reason(), "reason"), today(), by));
    }

    @POST
    @Path("{customerId}/holds")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "An analyst holds the customer's (or, on a group's parent, the whole group's) new orders")
    public Uni<CreditViews.Recorded> hold(@PathParam("customerId") String customerId,
                                          HoldRequest body) {
        var by = Callers.actor(caller);
        HoldRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return run(new CreditCommand.PlaceHold(Params.identifier(customerId, "customerId"), r.scope(),
                Params.text(r.reason(), "reason"), today(), by));
    }

    @POST
    @Path("{customerId}/holds/{holdId}/release")
    @RolesAllowed({Roles.CREDIT_ANALYST, Roles.CREDIT_MANAGER, Roles.SUPERVISOR})
    @Operation(summary = "An analyst releases a hold, with a reason")
    public Uni<CreditViews.Recorded> release(@PathParam("customerId") String customerId,
                                             @PathParam("holdId") String holdId, ReleaseRequest body) {
        var by = Callers.actor(caller);
        ReleaseRequest r = Params.required(body, "body");
        Params.notAllowed(r.by(), "by");
        return run(new CreditCommand.ReleaseHold(Params.identifier(customerId, "customerId"),
                Params.identifier(holdId, "holdId"), Params.text(r.note(), "note"), today(), by));
    }

    private Uni<CreditViews.Recorded> run(CreditCommand command) {
        return commands.handle(command).map(o -> CreditCheckResource.recorded(command.customerId(), o));
    }

    /**
     * The financials are amounts in the application's currency: bounded like every amount, so that a value such as
     * 1e999999999 (which the scorecard would expand to show it) is refused, not scored.
     */
    private static void financialAmount(BigDecimal value, String currency, String field) {
        Rejection unfit = value == null ? null : Money.unfit(value, currency, field);
        if (unfit != null) {
            throw new CommandRejected(unfit);
        }
    }

    private static void nonNegative(BigDecimal value, String field) {
        if (value != null && value.signum() < 0) {
            throw Params.invalid(field, "INVALID_AMOUNT", field + " must not be negative");
        }
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
